package io.geoprotocol.hub.equivalents;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class EquivalentsApiTest extends HubIntegrationTest {

    private static final String BASE = "/api/v1/admin/equivalents";

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    private TestCommunity community;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
    }

    @Test
    void participantsSeeOnlyActiveEquivalentsWithTheStoredShape() {
        String active = uniqueCode();
        String inactive = uniqueCode();
        create(Map.of("code", active, "symbol", "$", "precision", 3, "metadata", Map.of("type", "custom")))
                .expectStatus().isOk();
        create(Map.of("code", inactive, "is_active", false)).expectStatus().isOk();

        var member = community.member("Reader");
        client.get().uri("/api/v1/equivalents").header("Authorization", member.bearer()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.code == '" + active + "')].precision").isEqualTo(3)
                .jsonPath("$.items[?(@.code == '" + active + "')].symbol").isEqualTo("$")
                .jsonPath("$.items[?(@.code == '" + active + "')].metadata.type").isEqualTo("custom")
                .jsonPath("$.items[?(@.code == '" + active + "')].is_active").isEqualTo(true)
                .jsonPath("$.items[?(@.code == '" + active + "')].created_at").exists()
                .jsonPath("$.items[?(@.code == '" + active + "')].updated_at").exists()
                .jsonPath("$.items[?(@.code == '" + active + "')].description").exists()
                .jsonPath("$.items[?(@.code == '" + inactive + "')]").isEmpty();
    }

    @Test
    void publicListNeedsAnAccessToken() {
        client.get().uri("/api/v1/equivalents").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void adminListIncludesInactiveOnlyWhenAsked() {
        String inactive = uniqueCode();
        create(Map.of("code", inactive, "is_active", false)).expectStatus().isOk();

        admin(client.get().uri(BASE)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.code == '" + inactive + "')]").isEmpty();
        admin(client.get().uri(BASE + "?include_inactive=true")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.code == '" + inactive + "')].is_active").isEqualTo(false);
    }

    @Test
    void adminListRejectsANonBooleanFlag() {
        admin(client.get().uri(BASE + "?include_inactive=maybe")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("include_inactive"));
    }

    @Test
    void createDefaultsAndAuditRow() {
        String code = uniqueCode();
        String requestId = "create-" + code;
        admin(client.post().uri(BASE)).header("X-Request-ID", requestId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", code, "reason", "new unit"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.precision").isEqualTo(2)
                .jsonPath("$.is_active").isEqualTo(true)
                .jsonPath("$.symbol").isEmpty();

        Map<String, Object> audit = auditRows(code).get(0);
        assertThat(audit).containsEntry("action", "admin.equivalents.create")
                .containsEntry("actor_role", "admin")
                .containsEntry("object_type", "equivalent")
                .containsEntry("reason", "new unit")
                .containsEntry("request_id", requestId);
        assertThat(audit.get("before_state")).isNull();
        assertThat((String) audit.get("after_state")).contains("\"code\": \"" + code + "\"");
        assertThat(audit.get("ip_address")).isNotNull();
    }

    @Test
    void duplicateCodeIsConflictE008AndWritesNoSecondAuditRow() {
        String code = uniqueCode();
        create(Map.of("code", code)).expectStatus().isOk();

        create(Map.of("code", code)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("E008");
        assertThat(auditRows(code)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"uah", "TOO_LONG_CODE_1234", "A-B", "", "ÄÖ"})
    void badCodesAreRejectedE009(String code) {
        create(Map.of("code", code)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009")
                .jsonPath("$.error.details.errors[0].field").isEqualTo("code");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 9, 18})
    void precisionOutsideZeroToEightIsRejectedE009(int precision) {
        create(Map.of("code", uniqueCode(), "precision", precision)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009")
                .jsonPath("$.error.details.errors[0].field").isEqualTo("precision");
    }

    @Test
    void precisionZeroAndEightAreAccepted() {
        create(Map.of("code", uniqueCode(), "precision", 0)).expectStatus().isOk();
        create(Map.of("code", uniqueCode(), "precision", 8)).expectStatus().isOk();
    }

    @Test
    void missingCodeAndWrongTypesAreRejectedE009() {
        create(Map.of("precision", 2)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.details.errors[0].field").isEqualTo("code");
        create(Map.of("code", uniqueCode(), "metadata", List.of(1, 2))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.message").value(m -> assertThat((String) m).contains("metadata"));
        create(Map.of("code", uniqueCode(), "is_active", "perhaps")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void patchChangesFieldsAndAuditsBeforeAndAfter() {
        String code = uniqueCode();
        create(Map.of("code", code, "symbol", "a")).expectStatus().isOk();

        patch(code, Map.of("symbol", "b", "description", "Bee", "precision", 4, "reason", "rename"))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.symbol").isEqualTo("b")
                .jsonPath("$.description").isEqualTo("Bee")
                .jsonPath("$.precision").isEqualTo(4);

        Map<String, Object> audit = auditRows(code).get(1);
        assertThat(audit).containsEntry("action", "admin.equivalents.patch").containsEntry("reason", "rename");
        assertThat((String) audit.get("before_state")).contains("\"symbol\": \"a\"");
        assertThat((String) audit.get("after_state")).contains("\"symbol\": \"b\"");
    }

    @Test
    void patchAcceptsTheCodeInAnyCase() {
        String code = uniqueCode();
        create(Map.of("code", code)).expectStatus().isOk();
        patch(code.toLowerCase(), Map.of("symbol", "x")).expectStatus().isOk()
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    @Test
    void patchOfUnknownCodeIsNotFoundE001() {
        patch("NOPE_" + uniqueCode().substring(0, 8), Map.of("symbol", "x")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void patchWithInvalidPathCodeIsE009() {
        patch("BAD-CODE", Map.of("symbol", "x")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void precisionChangeIsRefusedWhileATrustLineUsesTheEquivalent() {
        String code = uniqueCode();
        create(Map.of("code", code, "precision", 2)).expectStatus().isOk();
        var a = community.member("A");
        var b = community.member("B");
        community.trustLine(a, b, code, "10.00");

        patch(code, Map.of("precision", 3)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("E008")
                .jsonPath("$.error.details.trustlines").isEqualTo(1);
        patch(code, Map.of("symbol", "ok", "precision", 2)).expectStatus().isOk();
        assertThat(precisionOf(code)).isEqualTo(2);
    }

    @Test
    void precisionChangeIsRefusedWhileADebtOrTransactionUsesTheEquivalent() {
        String withDebt = uniqueCode();
        String withTx = uniqueCode();
        create(Map.of("code", withDebt)).expectStatus().isOk();
        create(Map.of("code", withTx)).expectStatus().isOk();
        var a = community.member("A");
        var b = community.member("B");
        db.sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES (:d, :c, :e, 1)")
                .bind("d", a.pid()).bind("c", b.pid()).bind("e", withDebt).fetch().rowsUpdated().block();
        db.sql("INSERT INTO transactions (id, tx_id, type, initiator, equivalent, amount, state) "
                        + "VALUES (:id, :tx, 'PAYMENT', :p, :e, 1, 'NEW')")
                .bind("id", UUID.randomUUID()).bind("tx", "tx-" + withTx).bind("p", a.pid()).bind("e", withTx)
                .fetch().rowsUpdated().block();

        patch(withDebt, Map.of("precision", 4)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.details.debts").isEqualTo(1);
        patch(withTx, Map.of("precision", 4)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.details.transactions").isEqualTo(1);
        assertThat(auditRows(withDebt)).hasSize(1);
    }

    @Test
    void deleteNeedsDeactivationThenRemovesAndAudits() {
        String code = uniqueCode();
        create(Map.of("code", code)).expectStatus().isOk();

        delete(code, Map.of("reason", "typo")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("E008");
        patch(code, Map.of("is_active", false)).expectStatus().isOk();
        delete(code, Map.of("reason", "typo")).expectStatus().isOk()
                .expectBody().json("{\"deleted\":\"" + code + "\"}");

        admin(client.get().uri(BASE + "?include_inactive=true")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.code == '" + code + "')]").isEmpty();
        Map<String, Object> audit = auditRows(code).get(2);
        assertThat(audit).containsEntry("action", "admin.equivalents.delete").containsEntry("reason", "typo");
        assertThat(audit.get("after_state")).isNull();
    }

    @Test
    void deleteOfAnEquivalentInUseIsRefusedWithCounts() {
        String code = uniqueCode();
        create(Map.of("code", code, "is_active", false)).expectStatus().isOk();
        community.trustLine(community.member("A"), community.member("B"), code, "5");

        delete(code, Map.of("reason", "cleanup")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.details.trustlines").isEqualTo(1);
        admin(client.get().uri(BASE + "/" + code + "/usage")).exchange().expectStatus().isOk()
                .expectBody().json("{\"code\":\"" + code + "\",\"trustlines\":1,\"debts\":0,"
                        + "\"integrity_checkpoints\":0}", true);
    }

    @Test
    void deleteNeedsAReasonAndAKnownCode() {
        delete(uniqueCode(), Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.details.errors[0].field").isEqualTo("reason");
        delete(uniqueCode(), Map.of("reason", "x")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void failedChangeLeavesNoAuditRow() {
        String code = uniqueCode();
        create(Map.of("code", code)).expectStatus().isOk();
        community.trustLine(community.member("A"), community.member("B"), code, "5");

        patch(code, Map.of("precision", 0, "symbol", "z")).expectStatus().isEqualTo(409);
        assertThat(auditRows(code)).hasSize(1);
        assertThat(db.sql("SELECT symbol FROM equivalents WHERE code = :c").bind("c", code)
                .map(r -> String.valueOf(r.get("symbol", String.class))).one().block()).isEqualTo("null");
    }

    private WebTestClient.ResponseSpec create(Map<String, ?> body) {
        return admin(client.post().uri(BASE)).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec patch(String code, Map<String, ?> body) {
        return admin(client.patch().uri(BASE + "/" + code)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec delete(String code, Map<String, ?> body) {
        return admin(client.method(HttpMethod.DELETE).uri(BASE + "/" + code))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.RequestBodySpec admin(WebTestClient.RequestBodySpec spec) {
        return spec.header("X-Admin-Token", ADMIN_TOKEN);
    }

    private List<Map<String, Object>> auditRows(String code) {
        return db.sql("SELECT action, actor_role, object_type, reason, request_id, ip_address, "
                        + "before_state::text AS before_state, after_state::text AS after_state "
                        + "FROM audit_log WHERE object_id = :code ORDER BY id")
                .bind("code", code)
                .fetch().all().collectList().block();
    }

    private int precisionOf(String code) {
        return db.sql("SELECT precision FROM equivalents WHERE code = :c").bind("c", code)
                .map(r -> r.get("precision", Short.class).intValue()).one().block();
    }

    private static String uniqueCode() {
        return "E" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

}
