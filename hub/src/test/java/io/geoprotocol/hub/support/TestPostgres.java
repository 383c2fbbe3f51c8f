package io.geoprotocol.hub.support;

import io.geoprotocol.hub.database.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test JVM (the same binaries the hub embeds), handing
 * out fresh, empty databases on demand.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** A new empty database on the shared server. */
    public static synchronized DatabaseUrl freshDatabase() {
        String name = "geo_test_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return new DatabaseUrl("localhost", server().getPort(), name, "postgres", "", Map.of());
    }

    /** The form operators write in DATABASE_URL, for tests that go through the hub's parsing. */
    public static String asEnvironmentUrl(DatabaseUrl url) {
        return "postgresql://" + url.user() + "@" + url.host() + ":" + url.port() + "/" + url.database();
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the test PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
        }
        return server;
    }

    private static synchronized void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // The JVM is exiting; the server's own cleanup removes its folder.
        }
    }
}
