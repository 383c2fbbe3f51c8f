package io.geoprotocol.hub.trustlines;

import static io.geoprotocol.hub.trustlines.TrustLineRequests.createBody;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.object;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.node.ObjectNode;

class TrustLineValidationTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    TestCommunity community;
    TrustLineRequests api;
    Member alice;
    Member bob;
    String uah;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
        api = new TrustLineRequests(client, db);
        alice = community.member("Alice");
        bob = community.member("Bob");
        uah = community.equivalent(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.001", "-5", "1e3", " 10", "ten", ""})
    void limitThatIsNotAnExactAmountOfTheEquivalentIsRefused(String limit) {
        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, limit, null)));
        assertThat(lines(alice)).isZero();
    }

    @Test
    void limitWithTrailingZerosBeyondPrecisionIsTheSameAmount() {
        api.create(alice, createBody(alice, bob.pid(), uah, "10.5000", null))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.limit").isEqualTo("10.50");
    }

    @Test
    void limitSentAsJsonNumberIsRefused() {
        ObjectNode payload = object().put("to", bob.pid()).put("equivalent", uah).put("limit", 100);
        ObjectNode body = payload.deepCopy().put("signature", alice.sign(payload));

        expectInvalid(api.create(alice, body));
    }

    @Test
    void zeroLimitIsAllowed() {
        api.create(alice, bob, uah, "0").expectStatus().isCreated();
    }

    @Test
    void unknownPolicyKeyIsRefused() {
        ObjectNode policy = object().put("auto_clearing", true).put("auto_clearnig", false);

        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, "10", policy)))
                .jsonPath("$.error.details.field").isEqualTo("policy.auto_clearnig");
    }

    @Test
    void policyValuesOfTheWrongTypeAreRefused() {
        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, "10",
                object().put("auto_clearing", "yes"))));
        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, "10",
                object().put("max_hop_usage", 0))));
        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, "10",
                object().put("max_hop_usage", "3"))));
        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, "10",
                object().put("daily_limit", "1.234"))));
        ObjectNode notPids = object();
        notPids.putArray("blocked_participants").add("0OIl");
        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, "10", notPids)));
        ObjectNode notArray = object().put("blocked_participants", bob.pid());
        expectInvalid(api.create(alice, createBody(alice, bob.pid(), uah, "10", notArray)));
        assertThat(lines(alice)).isZero();
    }

    @Test
    void blockedParticipantsAreKeptWithoutDuplicates() {
        Member carol = community.member("Carol");
        ObjectNode policy = object();
        policy.putArray("blocked_participants").add(carol.pid()).add(carol.pid());

        api.create(alice, createBody(alice, bob.pid(), uah, "10", policy))
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.policy.blocked_participants.length()").isEqualTo(1)
                .jsonPath("$.policy.blocked_participants[0]").isEqualTo(carol.pid());
    }

    @Test
    void lineToYourselfIsRefused() {
        expectInvalid(api.create(alice, createBody(alice, alice.pid(), uah, "10", null)));
    }

    @Test
    void lineToUnknownParticipantIsNotFound() {
        api.create(alice, createBody(alice, TestCommunity.freshKeys().pid(), uah, "10", null))
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void lineToInactiveParticipantIsRefused() {
        Member suspended = community.member("Sam", "suspended");

        expectInvalid(api.create(alice, suspended, uah, "10"));
    }

    @Test
    void suspendedTrusterCannotOpenLines() {
        Member suspended = community.member("Sam", "suspended");

        api.create(suspended, bob, uah, "10")
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void unknownOrInactiveOrMalformedEquivalentIsRefused() {
        api.create(alice, bob, "NOPE" + (System.nanoTime() % 1000), "10")
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");

        String retired = community.equivalent(2);
        db.sql("UPDATE equivalents SET is_active = FALSE WHERE code = :c").bind("c", retired)
                .fetch().rowsUpdated().block();
        expectInvalid(api.create(alice, bob, retired, "10"));

        expectInvalid(api.create(alice, bob, "uah", "10"));
    }

    @Test
    void missingFieldsAndNonObjectBodiesAreValidationErrors() {
        ObjectNode body = createBody(alice, bob.pid(), uah, "10", null);
        body.remove("to");
        expectInvalid(api.create(alice, body));

        client.post().uri("/api/v1/trustlines")
                .header("Authorization", alice.bearer())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("[1,2]")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        client.post().uri("/api/v1/trustlines")
                .header("Authorization", alice.bearer())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"to\":")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void updateWithTooManyDecimalsOrUnknownPolicyKeyChangesNothing() {
        UUID id = api.open(alice, bob, uah, "100");

        expectInvalid(api.update(alice, id, updateBody(alice, id, "150.555", null)));
        expectInvalid(api.update(alice, id, updateBody(alice, id, null, object().put("colour", "red"))));

        api.get(alice, "/api/v1/trustlines/" + id)
                .expectBody()
                .jsonPath("$.limit").isEqualTo("100.00")
                .jsonPath("$.policy.auto_clearing").isEqualTo(true);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec expectInvalid(
            org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
        return response.expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    private long lines(Member from) {
        return db.sql("SELECT count(*) AS n FROM trust_lines WHERE from_pid = :f")
                .bind("f", from.pid())
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
