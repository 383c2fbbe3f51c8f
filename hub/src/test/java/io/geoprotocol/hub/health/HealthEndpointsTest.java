package io.geoprotocol.hub.health;

import io.geoprotocol.hub.support.HubIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthEndpointsTest extends HubIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/health/db", "/api/v1/health/db"})
    void databaseProbeAnswersOkWhenPostgresIsUp(String path) {
        client.get().uri(path).exchange()
                .expectStatus().isOk()
                .expectHeader().exists("X-Request-ID")
                .expectBody().jsonPath("$.status").isEqualTo("ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/api/v1/health"})
    void healthReportsVersionUptimeAndTimestamp(String path) {
        client.get().uri(path).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("ok")
                .jsonPath("$.version").isNotEmpty()
                .jsonPath("$.uptime_seconds").isNumber()
                .jsonPath("$.timestamp").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/api/v1/healthz"})
    void livenessProbeIsAlwaysOk(String path) {
        client.get().uri(path).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"status\":\"ok\"}");
    }
}
