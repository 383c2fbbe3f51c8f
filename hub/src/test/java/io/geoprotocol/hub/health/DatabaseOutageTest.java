package io.geoprotocol.hub.health;

import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real outage: the hub's connections to its database are terminated and new ones refused, as
 * when PostgreSQL goes away; {@code /health/db} must say so with 503, then recover on its own.
 */
class DatabaseOutageTest extends HubIntegrationTest {

    @AfterEach
    void restore() throws SQLException {
        setConnectionsAllowed(true);
    }

    @Test
    void databaseProbeAnswers503DuringAnOutageAndRecovers() throws SQLException {
        client.get().uri("/health/db").exchange().expectStatus().isOk();

        setConnectionsAllowed(false);
        terminateHubConnections();

        client.get().uri("/health/db").header("X-Request-ID", "outage-1").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("X-Request-ID", "outage-1")
                .expectBody()
                .jsonPath("$.status").isEqualTo("error")
                .jsonPath("$.error.code").isEqualTo("E010")
                .jsonPath("$.error.message").isEqualTo("Database is unavailable");
        client.get().uri("/api/v1/health/db").exchange().expectStatus().isEqualTo(503);
        client.get().uri("/healthz").exchange().expectStatus().isOk();

        setConnectionsAllowed(true);
        client.get().uri("/health/db").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ok");
    }

    private static void setConnectionsAllowed(boolean allowed) throws SQLException {
        admin("ALTER DATABASE " + sharedDatabase().database() + " ALLOW_CONNECTIONS " + allowed);
    }

    private static void terminateHubConnections() throws SQLException {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + sharedDatabase().database() + "' AND pid <> pg_backend_pid()");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
