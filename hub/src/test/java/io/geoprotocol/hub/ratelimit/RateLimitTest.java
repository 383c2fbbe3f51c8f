package io.geoprotocol.hub.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.support.HubReplica;
import io.geoprotocol.hub.support.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A single hub without Redis: limits hold in-process, and probes are never limited. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest {

    HubReplica hub;

    @BeforeAll
    void start() {
        hub = HubReplica.start(TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase()), Map.of(
                "REDIS_ENABLED", "false",
                "RATE_LIMIT_PER_MINUTE", "5",
                "RATE_LIMIT_LOGIN_PER_MINUTE", "2",
                "SEED_ON_FIRST_START", "false"));
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    @Test
    void loginIsLimitedMoreStrictlyAnswering429WithRetryAfterAndTheEnvelope() {
        WebTestClient client = hub.client();
        for (int i = 0; i < 2; i++) {
            challenge(client).expectStatus().value(s -> assertThat(s).isNotEqualTo(429));
        }
        challenge(client).expectStatus().isEqualTo(429)
                .expectHeader().value("Retry-After", v -> assertThat(Integer.parseInt(v)).isBetween(1, 60))
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("E009")
                .jsonPath("$.error.details.scope").isEqualTo("challenge")
                .jsonPath("$.error.message").value(m -> assertThat(m.toString()).contains("Rate limit"));
    }

    @Test
    void healthAndMetricsAreNeverLimitedWhileOtherPathsAre() {
        WebTestClient client = hub.client();
        for (int i = 0; i < 20; i++) {
            client.get().uri("/health").exchange().expectStatus().isOk();
            client.get().uri("/metrics").exchange().expectStatus().isOk();
        }
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            int status = client.get().uri("/api/v1/equivalents").exchange().returnResult(String.class)
                    .getStatus().value();
            limited += status == 429 ? 1 : 0;
        }
        assertThat(limited).isPositive();
        client.get().uri("/metrics").exchange().expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text).contains("geo_rate_limited_total"));
    }

    private static WebTestClient.ResponseSpec challenge(WebTestClient client) {
        return client.post().uri("/api/v1/auth/challenge").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pid", "UnknownPid")).exchange();
    }
}
