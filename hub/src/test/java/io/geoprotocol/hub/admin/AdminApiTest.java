package io.geoprotocol.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class AdminApiTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    TestCommunity community;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
    }

    @Test
    void adminPathsNeedTheTokenAndRefuseAWrongOneOfTheSameLength() {
        client.get().uri("/api/v1/admin/whoami").exchange().expectStatus().isUnauthorized();
        String wrong = "x".repeat(ADMIN_TOKEN.length());
        client.get().uri("/api/v1/admin/whoami").header("X-Admin-Token", wrong).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
        admin(client.get().uri("/api/v1/admin/whoami")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.role").isEqualTo("admin");
        client.post().uri("/api/v1/admin/participants/x/freeze").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "r")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void configListsMutableFlagsAndPatchAppliesLiveWithAudit() {
        admin(client.get().uri("/api/v1/admin/config")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.key == 'MAX_PAYMENT_HOPS')].mutable").isEqualTo(true)
                .jsonPath("$.items[?(@.key == 'PAYMENT_TIMEOUT_SECONDS')].mutable").isEqualTo(false);

        String eq = community.equivalent(2);
        var a = community.member("A");
        var b = community.member("B");
        var c = community.member("C");
        community.trustLine(b, a, eq, "100");
        community.trustLine(c, b, eq, "100");
        try {
            patch("/api/v1/admin/config", Map.of("updates", Map.of("MAX_PAYMENT_HOPS", 1), "reason", "test"))
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.updated[0]").isEqualTo("MAX_PAYMENT_HOPS");
            Payments.pay(client, a, c, eq, "1").expectStatus().isBadRequest();
            assertThat(auditCount("admin.config.patch", null)).isPositive();
        } finally {
            patch("/api/v1/admin/config", Map.of("updates", Map.of("MAX_PAYMENT_HOPS", 6))).expectStatus().isOk();
        }
        Payments.pay(client, a, c, eq, "1").expectStatus().isOk();
    }

    @Test
    void aConfigPatchWithOneBadValueChangesNothingAndWritesNoAuditRow() {
        long before = auditCount("admin.config.patch", null);
        patch("/api/v1/admin/config", Map.of("updates", Map.of("RATE_LIMIT_PER_MINUTE", 77,
                "MAX_PAYMENT_HOPS", 99)))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        patch("/api/v1/admin/config", Map.of("updates", Map.of("JWT_SECRET", "x")))
                .expectStatus().isBadRequest();

        assertThat(auditCount("admin.config.patch", null)).isEqualTo(before);
        admin(client.get().uri("/api/v1/admin/config")).exchange()
                .expectBody().jsonPath("$.items[?(@.key == 'RATE_LIMIT_PER_MINUTE')].value")
                .value(v -> assertThat(v.toString()).doesNotContain("77"));
    }

    @Test
    void featureFlagsArePersistedAndAudited() {
        try {
            patch("/api/v1/admin/feature-flags", Map.of("full_multipath_enabled", true, "reason", "try"))
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.full_multipath_enabled").isEqualTo(true);
            Long stored = db.sql("SELECT count(*) AS n FROM runtime_settings "
                            + "WHERE key = 'FEATURE_FLAGS_FULL_MULTIPATH_ENABLED' AND value = 'true'::jsonb")
                    .map((row, meta) -> row.get("n", Long.class)).one().block();
            assertThat(stored).isEqualTo(1);
            assertThat(auditCount("admin.feature_flags.patch", null)).isPositive();
        } finally {
            patch("/api/v1/admin/feature-flags", Map.of("full_multipath_enabled", false)).expectStatus().isOk();
        }
        patch("/api/v1/admin/feature-flags", Map.of("teleport_enabled", true)).expectStatus().isBadRequest();
    }

    @Test
    void freezeBlocksPayingAndRoutingThroughAndUnfreezeRestores() {
        String eq = community.equivalent(2);
        var a = community.member("A");
        var b = community.member("B");
        var c = community.member("C");
        community.trustLine(b, a, eq, "100");
        community.trustLine(c, b, eq, "100");
        Payments.pay(client, a, c, eq, "1").expectStatus().isOk();

        action(b.pid(), "freeze", "fraud check", "req-freeze-1")
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("suspended").jsonPath("$.pid").isEqualTo(b.pid());
        Payments.pay(client, a, c, eq, "1").expectStatus().isBadRequest();
        Payments.pay(client, b, c, eq, "1").expectStatus().isForbidden();

        Map<String, Object> row = db.sql("SELECT actor_role, reason, request_id, before_state::text AS b, "
                        + "after_state::text AS a FROM audit_log WHERE action = 'admin.participants.freeze' "
                        + "AND object_id = :pid")
                .bind("pid", b.pid()).fetch().one().block();
        assertThat(row).containsEntry("actor_role", "admin").containsEntry("reason", "fraud check")
                .containsEntry("request_id", "req-freeze-1");
        assertThat(row.get("b").toString()).contains("active");
        assertThat(row.get("a").toString()).contains("suspended");

        action(b.pid(), "unfreeze", "cleared", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("active");
        Payments.pay(client, a, c, eq, "1").expectStatus().isOk();
    }

    @Test
    void theLedgerRefusesRoutesThroughAParticipantFrozenBehindTheGraphsBack() {
        String eq = community.equivalent(2);
        var a = community.member("A");
        var b = community.member("B");
        var c = community.member("C");
        community.trustLine(b, a, eq, "100");
        community.trustLine(c, b, eq, "100");
        Payments.pay(client, a, c, eq, "1").expectStatus().isOk();

        db.sql("UPDATE participants SET status = 'suspended' WHERE pid = :pid").bind("pid", b.pid())
                .fetch().rowsUpdated().block();

        Payments.pay(client, a, c, eq, "2").expectStatus().isBadRequest();
        BigDecimal owed = db.sql("SELECT amount FROM debts WHERE debtor = :a AND creditor = :b AND equivalent = :eq")
                .bind("a", a.pid()).bind("b", b.pid()).bind("eq", eq)
                .map((r, m) -> r.get("amount", BigDecimal.class)).one().block();
        assertThat(owed).isEqualByComparingTo("1");
    }

    @Test
    void banSetsDeletedUnknownParticipantIs404AndAMissingReasonIs400() {
        var d = community.member("D");
        action(d.pid(), "ban", "spam", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("deleted");
        action(d.pid(), "freeze", "again", null).expectStatus().isEqualTo(409);
        action(d.pid(), "unban", "appeal", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("active");
        action("NoSuchPid", "freeze", "x", null).expectStatus().isNotFound();
        admin(client.post().uri("/api/v1/admin/participants/" + d.pid() + "/freeze")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())).exchange()
                .expectStatus().isBadRequest();
        assertThat(auditCount("admin.participants.ban", d.pid())).isEqualTo(1);
        assertThat(auditCount("admin.participants.freeze", d.pid())).isZero();
    }

    @Test
    void abortOfACommittedPaymentIsRefusedAndLeavesNoAuditRow() {
        String eq = community.equivalent(2);
        var a = community.member("A");
        var b = community.member("B");
        community.trustLine(b, a, eq, "100");
        String txId = Payments.newTxId();
        Payments.post(client, a, Payments.body(a, txId, b, eq, "3", null)).expectStatus().isOk();

        abort(txId).expectStatus().isEqualTo(409).expectBody().jsonPath("$.error.code").isEqualTo("E008");
        assertThat(auditCount("admin.transactions.abort", txId)).isZero();
        abort("tx-unknown-" + UUID.randomUUID()).expectStatus().isNotFound();
    }

    @Test
    void aStuckPaymentIsListedAsIncidentAndAbortedWithItsReservationsReleased() {
        String eq = community.equivalent(2);
        var a = community.member("A");
        var b = community.member("B");
        community.trustLine(b, a, eq, "100");
        String txId = "tx-stuck-" + UUID.randomUUID();
        db.sql("""
                INSERT INTO transactions (id, tx_id, type, initiator, counterparty, equivalent, amount, state,
                    involved, created_at, updated_at)
                VALUES (:id, :tx, 'PAYMENT', :a, :b, :eq, 5, 'PREPARED', ARRAY[:a, :b]::varchar[],
                    now() - interval '1 hour', now() - interval '1 hour')""")
                .bind("id", UUID.randomUUID()).bind("tx", txId).bind("a", a.pid()).bind("b", b.pid())
                .bind("eq", eq).fetch().rowsUpdated().block();
        db.sql("INSERT INTO payment_reservations (id, tx_id, payer, payee, equivalent, amount, expires_at) "
                        + "VALUES (:id, :tx, :a, :b, :eq, 5, now() + interval '1 hour')")
                .bind("id", UUID.randomUUID()).bind("tx", txId).bind("a", a.pid()).bind("b", b.pid())
                .bind("eq", eq).fetch().rowsUpdated().block();

        admin(client.get().uri("/api/v1/admin/incidents?per_page=200")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.tx_id == '" + txId + "')].kind").isEqualTo("stuck")
                .jsonPath("$.items[?(@.tx_id == '" + txId + "')].amount").isEqualTo("5.00");

        abort(txId).expectStatus().isOk()
                .expectBody().jsonPath("$.tx_id").isEqualTo(txId).jsonPath("$.status").isEqualTo("aborted");
        String state = db.sql("SELECT state FROM transactions WHERE tx_id = :tx").bind("tx", txId)
                .map((r, m) -> r.get("state", String.class)).one().block();
        Long reservations = db.sql("SELECT count(*) AS n FROM payment_reservations WHERE tx_id = :tx")
                .bind("tx", txId).map((r, m) -> r.get("n", Long.class)).one().block();
        assertThat(state).isEqualTo("ABORTED");
        assertThat(reservations).isZero();
        assertThat(auditCount("admin.transactions.abort", txId)).isEqualTo(1);
        admin(client.get().uri("/api/v1/admin/incidents?per_page=200")).exchange()
                .expectBody().jsonPath("$.items[?(@.tx_id == '" + txId + "')].kind").isEqualTo("timeout");
    }

    @Test
    void listingsStatsAndAuditLogAnswerWithPages() {
        var p = community.member("Zebediah Listing");
        admin(client.get().uri("/api/v1/admin/participants?q=Zebediah&per_page=5")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].pid").isEqualTo(p.pid())
                .jsonPath("$.page").isEqualTo(1).jsonPath("$.per_page").isEqualTo(5);
        admin(client.get().uri("/api/v1/admin/participants?status=frozen")).exchange().expectStatus().isOk();
        admin(client.get().uri("/api/v1/admin/participants?per_page=500")).exchange().expectStatus().isBadRequest();
        admin(client.get().uri("/api/v1/admin/participants/stats")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total_participants").isNumber()
                .jsonPath("$.participants_by_status.active").isNumber();

        action(p.pid(), "freeze", "audit listing", null).expectStatus().isOk();
        admin(client.get().uri("/api/v1/admin/audit-log?object_id=" + p.pid())).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].action").isEqualTo("admin.participants.freeze")
                .jsonPath("$.items[0].before_state.status").isEqualTo("active")
                .jsonPath("$.items[0].after_state.status").isEqualTo("suspended")
                .jsonPath("$.total").isEqualTo(1);
    }

    @Test
    void trustLinesBottlenecksLiquidityAndParticipantMetrics() {
        String eq = community.equivalent(2);
        var a = community.member("A");
        var b = community.member("B");
        community.trustLine(b, a, eq, "10");
        Payments.pay(client, a, b, eq, "9.50").expectStatus().isOk();

        admin(client.get().uri("/api/v1/admin/trustlines?equivalent=" + eq)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].used").isEqualTo("9.50");
        admin(client.get().uri("/api/v1/admin/trustlines/bottlenecks?equivalent=" + eq)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].available").isEqualTo("0.50");
        admin(client.get().uri("/api/v1/admin/liquidity/summary?equivalent=" + eq)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total_limit").isEqualTo("10.00")
                .jsonPath("$.total_used").isEqualTo("9.50")
                .jsonPath("$.top_creditors[0].net").isEqualTo("9.50")
                .jsonPath("$.top_creditors[0].pid").isEqualTo(b.pid())
                .jsonPath("$.top_debtors[0].pid").isEqualTo(a.pid());
        admin(client.get().uri("/api/v1/admin/participants/" + a.pid() + "/metrics?equivalent=" + eq)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.equivalents[0].net_balance").isEqualTo("-9.50")
                .jsonPath("$.equivalents[0].credit_received").isEqualTo("10.00")
                .jsonPath("$.equivalents[0].payments_sent").isEqualTo(1);
    }

    @Test
    void liquiditySummaryNeverAddsUpAmountsOfDifferentEquivalents() {
        String cents = community.equivalent(2);
        String whole = community.equivalent(0);
        var a = community.member("A");
        var b = community.member("B");
        community.trustLine(b, a, cents, "10");
        community.trustLine(b, a, whole, "1000");
        debt(a, b, cents, "2.5");
        debt(a, b, whole, "7");

        admin(client.get().uri("/api/v1/admin/liquidity/summary?limit=50")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total_limit").doesNotExist()
                .jsonPath("$.top_creditors").doesNotExist()
                .jsonPath(entry(cents) + ".total_limit").isEqualTo("10.00")
                .jsonPath(entry(cents) + ".total_used").isEqualTo("2.50")
                .jsonPath(entry(cents) + ".total_available").isEqualTo("7.50")
                .jsonPath(entry(cents) + ".top_debtors[0].net").isEqualTo("-2.50")
                .jsonPath(entry(whole) + ".total_limit").isEqualTo("1000")
                .jsonPath(entry(whole) + ".total_used").isEqualTo("7")
                .jsonPath(entry(whole) + ".top_creditors[0].net").isEqualTo("7");
        admin(client.get().uri("/api/v1/admin/liquidity/summary?equivalent=" + whole)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.equivalent").isEqualTo(whole)
                .jsonPath("$.total_limit").isEqualTo("1000")
                .jsonPath("$.top_creditors[0].pid").isEqualTo(b.pid())
                .jsonPath("$.by_equivalent.length()").isEqualTo(1);
        admin(client.get().uri("/api/v1/admin/liquidity/summary?equivalent=NOSUCHEQ")).exchange()
                .expectStatus().isNotFound();
    }

    private static String entry(String equivalent) {
        return "$.by_equivalent[?(@.equivalent == '" + equivalent + "')]";
    }

    @Test
    void graphSnapshotEgoAndClearingCycles() {
        String eq = community.equivalent(2);
        var a = community.member("A");
        var b = community.member("B");
        var c = community.member("C");
        community.trustLine(a, b, eq, "50");
        community.trustLine(b, c, eq, "50");
        community.trustLine(c, a, eq, "50");
        debt(b, a, eq, "5");
        debt(c, b, eq, "7");
        debt(a, c, eq, "3");

        admin(client.get().uri("/api/v1/admin/graph/snapshot?equivalent=" + eq + "&include=audit_log")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.trustlines.length()").isEqualTo(3)
                .jsonPath("$.participants.length()").isEqualTo(3)
                .jsonPath("$.audit_log").isArray();
        admin(client.get().uri("/api/v1/admin/graph/ego?pid=" + a.pid() + "&depth=1&equivalent=" + eq)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.trustlines.length()").isEqualTo(2);
        admin(client.get().uri("/api/v1/admin/graph/ego?pid=" + a.pid() + "&depth=3")).exchange()
                .expectStatus().isBadRequest();
        admin(client.get().uri("/api/v1/admin/clearing/cycles?equivalent=" + eq)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.cycles.length()").isEqualTo(1)
                .jsonPath("$.cycles[0].amount").isEqualTo("3.00")
                .jsonPath("$.cycles[0].edges[0].amount")
                .value(amount -> assertThat(amount.toString()).matches("\\d+\\.00"))
                .jsonPath("$.cycles[0].edges.length()").isEqualTo(3);
    }

    @Test
    void migrationsAreUpToDate() {
        admin(client.get().uri("/api/v1/admin/migrations")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.is_up_to_date").isEqualTo(true)
                .jsonPath("$.current_revision").isNotEmpty();
    }

    private void debt(TestCommunity.Member debtor, TestCommunity.Member creditor, String eq, String amount) {
        db.sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES (:d, :c, :eq, :amount)")
                .bind("d", debtor.pid()).bind("c", creditor.pid()).bind("eq", eq)
                .bind("amount", new BigDecimal(amount)).fetch().rowsUpdated().block();
    }

    private WebTestClient.ResponseSpec patch(String uri, Map<String, Object> body) {
        return admin(client.method(HttpMethod.PATCH).uri(uri).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)).exchange();
    }

    private WebTestClient.ResponseSpec action(String pid, String action, String reason, String requestId) {
        var spec = client.post().uri("/api/v1/admin/participants/" + pid + "/" + action)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", reason));
        if (requestId != null) {
            spec = spec.header("X-Request-ID", requestId);
        }
        return admin(spec).exchange();
    }

    private WebTestClient.ResponseSpec abort(String txId) {
        return admin(client.post().uri("/api/v1/admin/transactions/" + txId + "/abort")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "operator"))).exchange();
    }

    private long auditCount(String action, String objectId) {
        String sql = "SELECT count(*) AS n FROM audit_log WHERE action = :action"
                + (objectId == null ? "" : " AND object_id = :id");
        var spec = db.sql(sql).bind("action", action);
        if (objectId != null) {
            spec = spec.bind("id", objectId);
        }
        return spec.map((r, m) -> r.get("n", Long.class)).one().block();
    }

}
