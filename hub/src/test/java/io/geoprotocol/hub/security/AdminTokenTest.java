package io.geoprotocol.hub.security;

import io.geoprotocol.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

class AdminTokenTest extends HubIntegrationTest {

    private static final String ADMIN_PATH = "/api/v1/admin/equivalents";

    @Test
    void missingTokenIs401E006WithRequestId() {
        client.get().uri(ADMIN_PATH).header("X-Request-ID", "admin-missing-1").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("X-Request-ID", "admin-missing-1")
                .expectBody().jsonPath("$.error.code").isEqualTo("E006")
                .jsonPath("$.error.message").isEqualTo("Missing X-Admin-Token header");
    }

    @Test
    void wrongTokenIs403E006() {
        client.get().uri(ADMIN_PATH).header("X-Admin-Token", ADMIN_TOKEN + "x").exchange()
                .expectStatus().isForbidden()
                .expectHeader().exists("X-Request-ID")
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void prefixOfTheTokenIsRejectedToo() {
        client.get().uri(ADMIN_PATH).header("X-Admin-Token", ADMIN_TOKEN.substring(0, 8)).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void rightTokenIs200() {
        client.get().uri(ADMIN_PATH).header("X-Admin-Token", ADMIN_TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items").isArray();
    }

    @Test
    void unknownAdminPathIsCheckedBeforeRouting() {
        client.get().uri("/api/v1/admin/nothing-here").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/admin/nothing-here").header("X-Admin-Token", ADMIN_TOKEN).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void accessTokenIsNoAdminToken() {
        client.get().uri(ADMIN_PATH).header("Authorization", "Bearer " + ADMIN_TOKEN).exchange()
                .expectStatus().isUnauthorized();
    }
}
