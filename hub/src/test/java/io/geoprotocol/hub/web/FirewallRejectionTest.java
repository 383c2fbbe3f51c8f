package io.geoprotocol.hub.web;

import io.geoprotocol.hub.support.HubIntegrationTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class FirewallRejectionTest extends HubIntegrationTest {

    @Test
    void traceMethodIsRefusedWithTheEnvelope() {
        client.method(HttpMethod.valueOf("TRACE")).uri("/health").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().exists("X-Request-ID")
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void encodedNulInThePathIsRefusedWithTheEnvelope() {
        client.get().uri(URI.create("http://localhost:" + port + "/api/v1/participants/%00")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }
}
