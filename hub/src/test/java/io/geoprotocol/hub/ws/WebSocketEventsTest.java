package io.geoprotocol.hub.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geoprotocol.hub.events.EventBus;
import io.geoprotocol.hub.events.HubEvent;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

class WebSocketEventsTest extends HubIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    EventBus bus;

    TestCommunity community;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
    }

    @Test
    void subprotocolTokenIsAcceptedAndAnsweredWithBearer() throws Exception {
        var alice = community.member("Alice");
        try (WsClient ws = WsClient.withSubprotocol(port, alice.accessToken())) {
            assertThat(ws.awaitConnected()).isEqualTo("bearer");
            JsonNode hello = ws.nextOfType("hello", WAIT);
            assertThat(hello.path("pid").asString()).isEqualTo(alice.pid());
        }
    }

    @Test
    void authorizationHeaderIsAcceptedAndTextPingIsAnsweredPong() throws Exception {
        var alice = community.member("Alice");
        try (WsClient ws = WsClient.withHeader(port, alice.accessToken())) {
            ws.awaitConnected();
            assertThat(ws.nextOfType("hello", WAIT)).isNotNull();
            ws.send("ping");
            assertThat(ws.next(WAIT)).isEqualTo("pong");
        }
    }

    @Test
    void handshakeWithoutOrWithBadTokenIsRefusedWith401() {
        for (String token : new String[] {null, "not-a-token"}) {
            var request = client.get().uri("/api/v1/ws")
                    .header("Connection", "Upgrade")
                    .header("Upgrade", "websocket")
                    .header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            if (token != null) {
                request = request.header("Sec-WebSocket-Protocol", "bearer, " + token);
            }
            request.exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.error.code").isEqualTo("E006");
        }
        assertThatThrownBy(() -> WsClient.withSubprotocol(port, "bad.token.value").awaitConnected())
                .hasMessageContaining("401");
    }

    @Test
    void payerPayeeAndIntermediateReceiveTheCommittedPayment() throws Exception {
        String eq = community.equivalent(2);
        var alice = community.member("Alice");
        var bob = community.member("Bob");
        var carol = community.member("Carol");
        community.trustLine(bob, alice, eq, "100");
        community.trustLine(carol, bob, eq, "100");

        try (WsClient a = WsClient.withSubprotocol(port, alice.accessToken());
                WsClient b = WsClient.withHeader(port, bob.accessToken());
                WsClient c = WsClient.withSubprotocol(port, carol.accessToken())) {
            for (WsClient ws : new WsClient[] {a, b, c}) {
                ws.awaitConnected();
                assertThat(ws.nextOfType("hello", WAIT)).isNotNull();
            }

            String txId = Payments.newTxId();
            Payments.post(client, alice, Payments.body(alice, txId, carol, eq, "12.50", null))
                    .expectStatus().isOk();

            for (WsClient ws : new WsClient[] {a, b, c}) {
                JsonNode event = ws.nextOfType(HubEvent.PAYMENT_COMMITTED, WAIT);
                assertThat(event).isNotNull();
                assertThat(event.path("tx_id").asString()).isEqualTo(txId);
                assertThat(event.path("amount").asString()).isEqualTo("12.50");
                assertThat(event.path("from").asString()).isEqualTo(alice.pid());
                assertThat(event.path("to").asString()).isEqualTo(carol.pid());
            }
            JsonNode balance = b.nextOfType(HubEvent.BALANCE_CHANGED, WAIT);
            assertThat(balance.path("tx_id").asString()).isEqualTo(txId);
        }
    }

    @Test
    void subscribeNarrowsThePushedTypes() throws Exception {
        var alice = community.member("Alice");
        try (WsClient ws = WsClient.withSubprotocol(port, alice.accessToken())) {
            ws.awaitConnected();
            ws.nextOfType("hello", WAIT);
            ws.send("{\"type\":\"subscribe\",\"events\":[\"trustline.created\"]}");
            JsonNode subscribed = ws.nextOfType("subscribed", WAIT);
            assertThat(subscribed.path("events").get(0).asString()).isEqualTo("trustline.created");

            bus.publish(HubEvent.of(HubEvent.PAYMENT_COMMITTED, Set.of(alice.pid()), Map.of("tx_id", "skipped")));
            bus.publish(HubEvent.of(HubEvent.TRUSTLINE_CREATED, Set.of(alice.pid()), Map.of("trustline_id", "x1")));

            String next = ws.next(WAIT);
            assertThat(next).contains("trustline.created").contains("x1");
            assertThat(ws.next(Duration.ofMillis(300))).isNull();

            ws.send("{\"type\":\"subscribe\",\"events\":[\"no.such.event\"]}");
            assertThat(ws.nextOfType("error", WAIT).path("error").asString()).isEqualTo("invalid_events");
        }
    }

    @Test
    void eventsOfOtherParticipantsAreNotPushed() throws Exception {
        var alice = community.member("Alice");
        var mallory = community.member("Mallory");
        try (WsClient ws = WsClient.withSubprotocol(port, mallory.accessToken())) {
            ws.awaitConnected();
            ws.nextOfType("hello", WAIT);
            bus.publish(HubEvent.of(HubEvent.PAYMENT_COMMITTED, Set.of(alice.pid()), Map.of("tx_id", "private")));
            assertThat(ws.next(Duration.ofMillis(500))).isNull();
        }
    }
}
