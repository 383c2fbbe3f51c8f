package io.geoprotocol.hub.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from binaries packaged on Maven Central, so the hub runs on a
 * machine with only a JDK. Its data directory survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE_NAME = "geo_hub";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final DatabaseUrl url;
    private final boolean freshDataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseUrl url, boolean freshDataDirectory) {
        this.postgres = postgres;
        this.url = url;
        this.freshDataDirectory = freshDataDirectory;
    }

    /** Starts (initialising on first use) a server whose data lives under {@code dataDirectory}. */
    public static EmbeddedDatabase start(Path dataDirectory) {
        Path pgData = dataDirectory.toAbsolutePath().resolve("pgdata");
        boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
        try {
            Files.createDirectories(pgData);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    // The embedded server's library defaults to asynchronous commit; money must be durable.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("shared_buffers", "128MB")
                    .start();
            ensureDatabase(postgres);

            DatabaseUrl url = new DatabaseUrl("localhost", postgres.getPort(), DATABASE_NAME, "postgres", "",
                    Map.of());
            log.info("event=embedded_postgres_started port={} data_dir={} fresh={}", postgres.getPort(), pgData,
                    fresh);
            return new EmbeddedDatabase(postgres, url, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL under " + pgData
                    + " (is another hub using this folder? set GEO_DATA_DIR or DATABASE_URL)", e);
        }
    }

    public DatabaseUrl url() {
        return url;
    }

    public boolean freshDataDirectory() {
        return freshDataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("event=embedded_postgres_stopped");
        } catch (IOException e) {
            log.warn("event=embedded_postgres_stop_failed error=\"{}\"", e.getMessage());
        }
    }

    private static void ensureDatabase(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE_NAME + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE_NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the embedded database " + DATABASE_NAME, e);
        }
    }
}
