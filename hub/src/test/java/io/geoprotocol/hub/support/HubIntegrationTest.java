package io.geoprotocol.hub.support;

import io.geoprotocol.hub.GeoHubApplication;
import io.geoprotocol.hub.database.DatabaseUrl;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Base of the hub's integration tests: the real server on a random port, talking to a real
 * PostgreSQL database shared by every test class that does not change settings (so Spring reuses
 * one context). Tests stay independent by creating their own participants and equivalents.
 */
@SpringBootTest(classes = GeoHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubIntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    public static final String JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789abcdef";

    private static DatabaseUrl sharedDatabase;

    @LocalServerPort
    protected int port;

    protected WebTestClient client;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("DATABASE_URL", () -> TestPostgres.asEnvironmentUrl(sharedDatabase()));
        registry.add("JWT_SECRET", () -> JWT_SECRET);
        registry.add("ADMIN_TOKEN", () -> ADMIN_TOKEN);
        registry.add("DB_POOL_SIZE", () -> "10");
        // Tests run clearing and integrity passes themselves; a timer firing mid-test would race them.
        registry.add("CLEARING_INTERVAL_SECONDS", () -> "0");
        registry.add("INTEGRITY_CHECK_INTERVAL_SECONDS", () -> "0");
        // Every test class shares one address; rate limits have their own tests and contexts.
        registry.add("RATE_LIMIT_ENABLED", () -> "false");
    }

    protected static synchronized DatabaseUrl sharedDatabase() {
        if (sharedDatabase == null) {
            sharedDatabase = TestPostgres.freshDatabase();
        }
        return sharedDatabase;
    }

    @BeforeEach
    void bindClient() {
        // A connection per request: a connection left half-used by one test's edge case (a refused
        // oversized body, a dropped WebSocket) must not be handed to the next test by a shared pool.
        HttpClient unpooled = HttpClient.create(ConnectionProvider.newConnection());
        client = WebTestClient.bindToServer(new ReactorClientHttpConnector(unpooled))
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(90))
                .build();
    }

    protected WebTestClient.RequestHeadersSpec<?> admin(WebTestClient.RequestHeadersSpec<?> spec) {
        return spec.header("X-Admin-Token", ADMIN_TOKEN);
    }
}
