package io.geoprotocol.hub.trustlines;

import static io.geoprotocol.hub.trustlines.TrustLineRequests.closeBody;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.createBody;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.json;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.object;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TrustLineLifecycleTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    TestCommunity community;
    TrustLineRequests api;
    Member alice;
    Member bob;
    Member carol;
    String uah;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
        api = new TrustLineRequests(client, db);
        alice = community.member("Alice");
        bob = community.member("Bob");
        carol = community.member("Carol");
        uah = community.equivalent(2);
    }

    @Test
    void trusterCreatesLineAndGetsItBackWithPrecisionFormattedAmounts() {
        ObjectNode policy = object().put("auto_clearing", false).put("max_hop_usage", 3);
        JsonNode line = json(api.create(alice, createBody(alice, bob.pid(), uah, "1000.5", policy))
                .expectStatus().isCreated());

        assertThat(line.get("from").asString()).isEqualTo(alice.pid());
        assertThat(line.get("to").asString()).isEqualTo(bob.pid());
        assertThat(line.get("from_display_name").asString()).isEqualTo("Alice");
        assertThat(line.get("to_display_name").asString()).isEqualTo("Bob");
        assertThat(line.get("equivalent").asString()).isEqualTo(uah);
        assertThat(line.get("limit").asString()).isEqualTo("1000.50");
        assertThat(line.get("used").asString()).isEqualTo("0.00");
        assertThat(line.get("available").asString()).isEqualTo("1000.50");
        assertThat(line.get("status").asString()).isEqualTo("active");
        assertThat(line.get("policy").get("auto_clearing").asBoolean()).isFalse();
        assertThat(line.get("policy").get("can_be_intermediate").asBoolean()).isTrue();
        assertThat(line.get("policy").get("max_hop_usage").asInt()).isEqualTo(3);
        assertThat(line.get("created_at").asString()).endsWith("Z");

        UUID id = UUID.fromString(line.get("id").asString());
        assertThat(json(api.get(bob, "/api/v1/trustlines/" + id).expectStatus().isOk())
                .get("limit").asString()).isEqualTo("1000.50");
    }

    @Test
    void createSignedByAnotherKeyIsRefusedWithE005() {
        api.create(alice, createBody(carol, bob.pid(), uah, "100", null))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
    }

    @Test
    void createWhoseBodyDiffersFromWhatWasSignedIsRefused() {
        ObjectNode body = createBody(alice, bob.pid(), uah, "100", null);
        body.put("limit", "100000");

        api.create(alice, body)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
        assertThat(liveLines(alice, bob)).isZero();
    }

    @Test
    void createWithoutSignatureIsRefusedWithE005() {
        ObjectNode body = createBody(alice, bob.pid(), uah, "100", null);
        body.remove("signature");

        api.create(alice, body)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
    }

    @Test
    void createWithoutTokenIsUnauthorized() {
        client.post().uri("/api/v1/trustlines")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(createBody(alice, bob.pid(), uah, "100", null).toString())
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void secondLiveLineForTheSameTripleIsAConflict() {
        api.open(alice, bob, uah, "100");

        api.create(alice, bob, uah, "200")
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("E008");
    }

    @Test
    void lineInTheOtherDirectionOrAnotherEquivalentIsIndependent() {
        api.open(alice, bob, uah, "100");

        api.create(bob, alice, uah, "100").expectStatus().isCreated();
        api.create(alice, bob, community.equivalent(0), "100").expectStatus().isCreated();
    }

    @Test
    void onlyThePartiesSeeALine() {
        UUID id = api.open(alice, bob, uah, "100");

        api.get(alice, "/api/v1/trustlines/" + id).expectStatus().isOk();
        api.get(bob, "/api/v1/trustlines/" + id).expectStatus().isOk();
        api.get(carol, "/api/v1/trustlines/" + id)
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void unknownAndMalformedIdsAreNotFoundAndInvalid() {
        api.get(alice, "/api/v1/trustlines/" + UUID.randomUUID())
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
        api.get(alice, "/api/v1/trustlines/not-a-uuid")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        client.patch().uri("/api/v1/trustlines/123")
                .header("Authorization", alice.bearer())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"signature\":\"x\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void ownerRaisesLimitAndMergesPolicy() {
        ObjectNode policy = object().put("auto_clearing", false);
        UUID id = UUID.fromString(json(api.create(alice, createBody(alice, bob.pid(), uah, "100", policy))
                .expectStatus().isCreated()).get("id").asString());

        JsonNode updated = json(api.update(alice, id, updateBody(alice, id, "250.25",
                object().put("can_be_intermediate", false).put("daily_limit", "50")))
                .expectStatus().isOk());

        assertThat(updated.get("limit").asString()).isEqualTo("250.25");
        assertThat(updated.get("policy").get("auto_clearing").asBoolean()).isFalse();
        assertThat(updated.get("policy").get("can_be_intermediate").asBoolean()).isFalse();
        assertThat(updated.get("policy").get("daily_limit").asString()).isEqualTo("50.00");
        assertThat(auditRows(id, "TRUST_LINE_UPDATE")).isEqualTo(1);
    }

    @Test
    void onlyTheOwnerMayUpdateOrClose() {
        UUID id = api.open(alice, bob, uah, "100");

        api.update(bob, id, updateBody(bob, id, "500", null))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
        api.close(bob, id, closeBody(bob, id))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void updateSignedOverAnotherLineIdIsRefused() {
        UUID id = api.open(alice, bob, uah, "100");
        UUID other = api.open(alice, carol, uah, "100");

        api.update(alice, id, updateBody(alice, other, "500", null))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
        assertThat(json(api.get(alice, "/api/v1/trustlines/" + id)).get("limit").asString()).isEqualTo("100.00");
    }

    @Test
    void limitCannotDropBelowWhatIsOwed() {
        UUID id = api.open(alice, bob, uah, "100");
        api.debt(bob, alice, uah, "60");

        api.update(alice, id, updateBody(alice, id, "59.99", null))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("E003")
                .jsonPath("$.error.details.limit").isEqualTo("59.99")
                .jsonPath("$.error.details.used").isEqualTo("60.00");

        api.update(alice, id, updateBody(alice, id, "60", null)).expectStatus().isOk();
    }

    @Test
    void usedAndAvailableCountDebtAndLiveReservationsButNotExpiredOnes() {
        UUID id = api.open(alice, bob, uah, "100");
        api.debt(bob, alice, uah, "30");
        api.reservation(bob, alice, uah, "20", Duration.ofMinutes(5));
        api.reservation(bob, alice, uah, "7", Duration.ofMinutes(-1));
        api.reservation(alice, bob, uah, "11", Duration.ofMinutes(5));

        JsonNode line = json(api.get(alice, "/api/v1/trustlines/" + id).expectStatus().isOk());

        assertThat(line.get("debt").asString()).isEqualTo("30.00");
        assertThat(line.get("reserved").asString()).isEqualTo("20.00");
        assertThat(line.get("used").asString()).isEqualTo("50.00");
        assertThat(line.get("available").asString()).isEqualTo("50.00");
    }

    @Test
    void availableIsNeverShownNegative() {
        UUID id = api.open(alice, bob, uah, "10");
        api.debt(bob, alice, uah, "10");
        api.reservation(bob, alice, uah, "5", Duration.ofMinutes(5));

        JsonNode line = json(api.get(bob, "/api/v1/trustlines/" + id).expectStatus().isOk());

        assertThat(line.get("used").asString()).isEqualTo("15.00");
        assertThat(line.get("available").asString()).isEqualTo("0.00");
    }

    @Test
    void lineWithDebtCannotBeClosed() {
        UUID id = api.open(alice, bob, uah, "100");
        api.debt(bob, alice, uah, "0.01");

        api.close(alice, id, closeBody(alice, id))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("E009")
                .jsonPath("$.error.details.used").isEqualTo("0.01");
        assertThat(json(api.get(alice, "/api/v1/trustlines/" + id)).get("status").asString()).isEqualTo("active");
    }

    @Test
    void closeNeedsTheOwnersSignatureOverTheId() {
        UUID id = api.open(alice, bob, uah, "100");

        api.close(alice, id, closeBody(carol, id))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
        api.close(alice, id, object())
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
    }

    @Test
    void closedLineIsHistoryAndCanBeReopenedAsANewLine() {
        UUID first = api.open(alice, bob, uah, "100");

        api.close(alice, first, closeBody(alice, first))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("success");
        assertThat(json(api.get(alice, "/api/v1/trustlines/" + first)).get("status").asString()).isEqualTo("closed");

        api.close(alice, first, closeBody(alice, first))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("E008");
        api.update(alice, first, updateBody(alice, first, "500", null))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("E008");

        UUID second = api.open(alice, bob, uah, "300");
        assertThat(second).isNotEqualTo(first);
        assertThat(json(api.get(alice, "/api/v1/trustlines/" + first)).get("status").asString()).isEqualTo("closed");
        assertThat(json(api.get(alice, "/api/v1/trustlines/" + second)).get("limit").asString()).isEqualTo("300.00");
        assertThat(auditRows(first, "TRUST_LINE_CLOSE")).isEqualTo(1);
    }

    @Test
    void reopenedLineShowsDebtLeftFromTheOldEraAndMustCoverIt() {
        UUID first = api.open(alice, bob, uah, "100");
        api.close(alice, first, closeBody(alice, first)).expectStatus().isOk();
        api.debt(bob, alice, uah, "40");

        assertThat(json(api.get(alice, "/api/v1/trustlines/" + first)).get("used").asString()).isEqualTo("0.00");
        api.create(alice, bob, uah, "39")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E003");

        UUID second = api.open(alice, bob, uah, "50");
        JsonNode line = json(api.get(alice, "/api/v1/trustlines/" + second));
        assertThat(line.get("used").asString()).isEqualTo("40.00");
        assertThat(line.get("available").asString()).isEqualTo("10.00");
    }

    @Test
    void frozenLineCanStillBeLoweredAndClosedByItsOwnerAndStaysFrozen() {
        UUID id = api.open(alice, bob, uah, "100");
        db.sql("UPDATE trust_lines SET status = 'frozen' WHERE id = :id").bind("id", id)
                .fetch().rowsUpdated().block();

        JsonNode updated = json(api.update(alice, id, updateBody(alice, id, "10", null)).expectStatus().isOk());
        assertThat(updated.get("status").asString()).isEqualTo("frozen");
        api.create(alice, bob, uah, "5").expectStatus().isEqualTo(409);

        api.close(alice, id, closeBody(alice, id)).expectStatus().isOk();
    }

    @Test
    void lineChangesAreJournaledInTheIntegrityLog() {
        UUID id = api.open(alice, bob, uah, "100");

        assertThat(auditRows(id, "TRUST_LINE_CREATE")).isEqualTo(1);
    }

    private long liveLines(Member from, Member to) {
        return db.sql("SELECT count(*) AS n FROM trust_lines "
                        + "WHERE from_pid = :f AND to_pid = :t AND status <> 'closed'")
                .bind("f", from.pid())
                .bind("t", to.pid())
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private long auditRows(UUID id, String operation) {
        return db.sql("SELECT count(*) AS n FROM integrity_audit_log WHERE operation_type = :op"
                        + " AND affected_participants ->> 'trustline_id' = :id")
                .bind("op", operation)
                .bind("id", id.toString())
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
