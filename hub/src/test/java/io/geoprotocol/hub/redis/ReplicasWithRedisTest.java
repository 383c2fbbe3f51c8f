package io.geoprotocol.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geoprotocol.hub.events.HubEvent;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubReplica;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestPostgres;
import io.geoprotocol.hub.support.TestRedis;
import io.geoprotocol.hub.ws.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Two hub replicas in one JVM sharing PostgreSQL and a real Redis: events and rate limits cross
 * replicas, and both keep serving through a Redis outage and recover when it returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasWithRedisTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int PAYMENTS_PER_MINUTE = 3;

    TestRedis redis;
    HubReplica a;
    HubReplica b;
    TestCommunity community;

    @BeforeAll
    void start() {
        redis = TestRedis.start();
        String database = TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase());
        Map<String, String> props = Map.of(
                "REDIS_URL", redis.url(),
                "REDIS_ENABLED", "true",
                "REDIS_PROBE_MILLIS", "200",
                "RATE_LIMIT_PER_MINUTE", "1000",
                "RATE_LIMIT_PAYMENTS_PER_MINUTE", Integer.toString(PAYMENTS_PER_MINUTE),
                "SEED_ON_FIRST_START", "false");
        a = HubReplica.start(database, props);
        b = HubReplica.start(database, props);
        community = new TestCommunity(a.bean(DatabaseClient.class), a.bean(TokenService.class));
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aClientOnReplicaAReceivesThePaymentMadeOnReplicaB() throws Exception {
        assertCrossReplicaEvent();
    }

    @Test
    void paymentLimitIsSharedAcrossReplicasAndAnswered429WithRetryAfter() {
        var payer = community.member("Payer");
        WebTestClient[] order = {a.client(), b.client(), a.client()};
        for (WebTestClient c : order) {
            postPayment(c, payer).expectStatus().value(s -> assertThat(s).isNotEqualTo(429));
        }

        postPayment(b.client(), payer)
                .expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("E009")
                .jsonPath("$.error.details.scope").isEqualTo("payments");
        a.client().get().uri("/health").exchange().expectStatus().isOk();
    }

    @Test
    void hubKeepsServingThroughARedisOutageAndRecovers() throws Exception {
        redis.stop();
        try {
            await().atMost(WAIT).untilAsserted(() -> a.client().get().uri("/health").exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("degraded")
                    .jsonPath("$.redis.status").isEqualTo("down"));

            var payer = community.member("Outage payer");
            for (int i = 0; i < PAYMENTS_PER_MINUTE; i++) {
                postPayment(a.client(), payer).expectStatus().value(s -> assertThat(s).isNotEqualTo(429));
            }
            postPayment(a.client(), payer).expectStatus().isEqualTo(429);
            postPayment(b.client(), payer).expectStatus().value(s -> assertThat(s).isNotEqualTo(429));

            String eq = community.equivalent(2);
            var x = community.member("X");
            var y = community.member("Y");
            community.trustLine(y, x, eq, "10");
            try (WsClient ws = WsClient.withSubprotocol(a.port(), y.accessToken())) {
                ws.awaitConnected();
                assertThat(ws.nextOfType("hello", WAIT)).isNotNull();
                Payments.pay(a.client(), x, y, eq, "1").expectStatus().isOk();
                assertThat(ws.nextOfType(HubEvent.PAYMENT_COMMITTED, WAIT)).isNotNull();
            }
        } finally {
            redis.resume();
        }

        await().atMost(WAIT).untilAsserted(() -> a.client().get().uri("/health").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("ok").jsonPath("$.redis.status").isEqualTo("ok"));
        await().atMost(WAIT).untilAsserted(() -> b.client().get().uri("/health").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("ok"));
        assertCrossReplicaEvent();
    }

    private void assertCrossReplicaEvent() throws Exception {
        String eq = community.equivalent(2);
        var alice = community.member("Alice");
        var bob = community.member("Bob");
        community.trustLine(bob, alice, eq, "100");

        try (WsClient ws = WsClient.withSubprotocol(a.port(), bob.accessToken())) {
            assertThat(ws.awaitConnected()).isEqualTo("bearer");
            assertThat(ws.nextOfType("hello", WAIT)).isNotNull();

            String txId = Payments.newTxId();
            Payments.post(b.client(), alice, Payments.body(alice, txId, bob, eq, "7", null))
                    .expectStatus().isOk();

            JsonNode event = ws.nextOfType(HubEvent.PAYMENT_COMMITTED, WAIT);
            assertThat(event).isNotNull();
            assertThat(event.path("tx_id").asString()).isEqualTo(txId);
            assertThat(event.path("amount").asString()).isEqualTo("7.00");
        }
    }

    private static WebTestClient.ResponseSpec postPayment(WebTestClient client, TestCommunity.Member payer) {
        return client.post().uri("/api/v1/payments")
                .header("Authorization", payer.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tx_id", Payments.newTxId()))
                .exchange();
    }
}
