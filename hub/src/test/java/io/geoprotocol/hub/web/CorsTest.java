package io.geoprotocol.hub.web;

import io.geoprotocol.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "CORS_ALLOWED_ORIGINS=https://wallet.example.org")
class CorsTest extends HubIntegrationTest {

    @Test
    void configuredOriginGetsPreflightApproval() {
        client.options().uri("/api/v1/payments")
                .header("Origin", "https://wallet.example.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://wallet.example.org");
    }

    @Test
    void otherOriginIsRefused() {
        client.options().uri("/api/v1/payments")
                .header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
    }
}
