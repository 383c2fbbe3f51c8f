package io.geoprotocol.hub.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubReplica;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The login limit seen from a well-behaved client: after it has used up its budget, waiting what
 * {@code Retry-After} says is always enough to get a challenge and then a login through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginBudgetTest {

    /** Half a token a second: Retry-After rounds up to whole seconds, the refill does not. */
    private static final int LOGINS_PER_MINUTE = 30;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    HubReplica hub;

    @BeforeAll
    void start() {
        hub = HubReplica.start(TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase()), Map.of(
                "REDIS_ENABLED", "false",
                "RATE_LIMIT_PER_MINUTE", "100000",
                "RATE_LIMIT_LOGIN_PER_MINUTE", Integer.toString(LOGINS_PER_MINUTE),
                "SEED_ON_FIRST_START", "false"));
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    @Test
    void aClientObeyingRetryAfterCompletesChallengeAndLoginAfterExhaustingItsBudget() throws Exception {
        TestCommunity.Member alice = new TestCommunity(hub.bean(DatabaseClient.class), hub.bean(TokenService.class))
                .member("Alice");
        WebTestClient client = hub.client();

        // An app stuck in a retry loop: challenge and login as fast as it can until both are refused.
        boolean challengeRefused = false;
        boolean loginRefused = false;
        for (int i = 0; i < 2 * LOGINS_PER_MINUTE && !(challengeRefused && loginRefused); i++) {
            challengeRefused = challenge(client, alice).getStatus().value() == 429;
            loginRefused = login(client, alice, "not-issued", "AAAA").getStatus().value() == 429;
        }
        assertThat(challengeRefused && loginRefused).isTrue();

        // Then it behaves: it waits what Retry-After says, and after a refused login it starts over
        // with a fresh challenge (the one it holds may have expired while it waited).
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int refusals = 0;
        String accessToken = null;
        while (accessToken == null && System.nanoTime() < deadline) {
            EntityExchangeResult<byte[]> challenge = challenge(client, alice);
            if (challenge.getStatus().value() == 429) {
                refusals++;
                obey(challenge);
                continue;
            }
            assertThat(challenge.getStatus().value()).isEqualTo(200);
            String text = json(challenge).get("challenge").asString();

            EntityExchangeResult<byte[]> login = login(client, alice, text,
                    alice.keys().sign(text.getBytes(StandardCharsets.UTF_8)));
            if (login.getStatus().value() == 429) {
                refusals++;
                obey(login);
                continue;
            }
            assertThat(login.getStatus().value()).isEqualTo(200);
            accessToken = json(login).get("access_token").asString();
        }

        assertThat(accessToken).as("logged in within %s while obeying Retry-After (%d refusals)", PATIENCE,
                refusals).isNotBlank();
    }

    private static void obey(EntityExchangeResult<byte[]> refused) throws InterruptedException {
        String retryAfter = refused.getResponseHeaders().getFirst("Retry-After");
        assertThat(retryAfter).isNotNull();
        Thread.sleep(Duration.ofSeconds(Long.parseLong(retryAfter)).toMillis());
    }

    private static EntityExchangeResult<byte[]> challenge(WebTestClient client, TestCommunity.Member member) {
        return client.post().uri("/api/v1/auth/challenge").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pid", member.pid()))
                .exchange()
                .expectBody().returnResult();
    }

    private static EntityExchangeResult<byte[]> login(WebTestClient client, TestCommunity.Member member,
            String challenge, String signature) {
        return client.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pid", member.pid(), "challenge", challenge, "signature", signature))
                .exchange()
                .expectBody().returnResult();
    }

    private static JsonNode json(EntityExchangeResult<byte[]> result) {
        return JsonMapper.builder().build().readTree(result.getResponseBody());
    }
}
