package io.geoprotocol.hub.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.DebtFixtures;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Ledger;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * Integrity status, checksums, verification, repairs and their audit trail, with violations planted
 * straight in the database. Repairs run over every equivalent, so each test leaves the ledger sound.
 */
class IntegrityApiTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    TestCommunity community;
    DebtFixtures debts;
    Ledger ledger;
    String eq;
    Member a;
    Member b;
    Member c;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
        debts = new DebtFixtures(db, community);
        ledger = new Ledger(db);
        eq = community.equivalent(2);
        a = community.member("A");
        b = community.member("B");
        c = community.member("C");
    }

    private JsonNode status() {
        return client.get().uri("/api/v1/integrity/status").header("Authorization", a.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private double gauge(String name) {
        String text = client.get().uri("/metrics").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** A gauge's value right after a full check (violations other test classes left count too). */
    private double gaugeAfterCheck(String name) {
        status();
        return gauge(name);
    }

    private JsonNode repair(String action) {
        return admin(client.post().uri("/api/v1/integrity/repair/" + action))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private long count(String sql) {
        return db.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    @Test
    void soundLedgerIsHealthyAndNeedsAParticipantOrAdmin() {
        debts.owes(a, b, eq, "10.00", "50");
        debts.owes(b, c, eq, "5.00", "50");

        JsonNode body = status();

        assertThat(body.get("status").asString()).isIn("healthy", "warning", "critical");
        assertThat(body.get("last_check").asString()).isNotBlank();
        JsonNode mine = body.get("equivalents").get(eq);
        assertThat(mine.get("status").asString()).isEqualTo("healthy");
        assertThat(mine.get("checksum").asString()).hasSize(64);
        assertThat(mine.get("invariants").get("zero_sum").get("passed").asBoolean()).isTrue();
        assertThat(mine.get("invariants").get("zero_sum").get("value").asString()).isEqualTo("0.00");
        assertThat(mine.get("invariants").get("trust_limits").get("violations").asInt()).isZero();
        assertThat(gauge("geo_integrity_status")).isEqualTo(body.get("status").asString().equals("healthy") ? 1 : 0);
        assertThat(gauge("geo_zero_sum_balance")).isZero();

        client.get().uri("/api/v1/integrity/status").exchange().expectStatus().isUnauthorized();
        admin(client.get().uri("/api/v1/integrity/status")).exchange().expectStatus().isOk();
        client.get().uri("/api/v1/integrity/status").header("X-Admin-Token", "wrong")
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void mutualDebtIsReportedCountedAndNettedByTheAuditedRepair() {
        debts.owes(a, b, eq, "10.00", "50");
        community.trustLine(a, b, eq, "50");
        double mutualBefore = gaugeAfterCheck("geo_debt_symmetry_violations_current");
        debts.plant(b, a, eq, "4.00");
        Map<String, ?> nets = debts.nets(eq);

        JsonNode body = status();

        assertThat(body.get("status").asString()).isIn("warning", "critical");
        assertThat(body.get("equivalents").get(eq).get("status").asString()).isEqualTo("warning");
        JsonNode symmetry = body.get("equivalents").get(eq).get("invariants").get("debt_symmetry");
        assertThat(symmetry.get("passed").asBoolean()).isFalse();
        assertThat(symmetry.get("violations").asInt()).isEqualTo(1);
        assertThat(body.get("alerts").toString()).contains("Debt symmetry violations in " + eq);
        assertThat(gauge("geo_debt_symmetry_violations_current")).isEqualTo(mutualBefore + 1);
        assertThat(gauge("geo_integrity_status")).isZero();

        client.post().uri("/api/v1/integrity/repair/net-mutual-debts").header("Authorization", a.bearer())
                .exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/integrity/repair/net-mutual-debts").header("X-Admin-Token", "nope")
                .exchange().expectStatus().isForbidden();
        assertThat(ledger.mutualDebts(eq)).isNotEmpty();

        JsonNode result = repair("net-mutual-debts");

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("action").asString()).isEqualTo("net-mutual-debts");
        assertThat(result.get("netted_pairs").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.get("updated").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.get("deleted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(ledger.mutualDebts(eq)).isEmpty();
        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("6.00");
        assertThat(debts.nets(eq)).isEqualTo(nets);
        assertThat(status().get("equivalents").get(eq).get("status").asString()).isEqualTo("healthy");
        assertThat(gauge("geo_debt_symmetry_violations_current")).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'admin.integrity.repair.net_mutual_debts'"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM integrity_audit_log WHERE operation_type = 'REPAIR_NET_MUTUAL_DEBTS'"
                + " AND equivalent = '" + eq + "' AND verification_passed"))
                .isEqualTo(1);
    }

    @Test
    void debtOverItsLimitIsCriticalAndTheCapRepairBringsItDown() {
        double overBefore = gaugeAfterCheck("geo_trust_limit_violations_current");
        debts.owes(a, b, eq, "80.00", "50");
        debts.plant(c, a, eq, "3.00");

        JsonNode body = status();

        assertThat(body.get("status").asString()).isEqualTo("critical");
        assertThat(body.get("equivalents").get(eq).get("status").asString()).isEqualTo("critical");
        JsonNode limits = body.get("equivalents").get(eq).get("invariants").get("trust_limits");
        assertThat(limits.get("passed").asBoolean()).isFalse();
        assertThat(limits.get("violations").asInt()).isEqualTo(2);
        assertThat(gauge("geo_trust_limit_violations_current")).isEqualTo(overBefore + 2);

        JsonNode result = repair("cap-debts-to-trust-limits");

        assertThat(result.get("action").asString()).isEqualTo("cap-debts-to-trust-limits");
        assertThat(result.get("scanned").asInt()).isPositive();
        assertThat(result.get("updated").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.get("deleted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("50.00");
        assertThat(ledger.debt(c, a, eq)).isZero();
        assertThat(ledger.limitViolations(eq)).isEmpty();
        assertThat(status().get("equivalents").get(eq).get("status").asString()).isEqualTo("healthy");
        assertThat(gauge("geo_trust_limit_violations_current")).isZero();
        assertThat(count("SELECT count(*) FROM audit_log "
                + "WHERE action = 'admin.integrity.repair.cap_debts_to_trust_limits'")).isPositive();

        JsonNode log = client.get().uri("/api/v1/integrity/audit-log?per_page=50").header("Authorization", a.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(log.get("items").toString()).contains("integrity.repair_cap_debts_to_trust_limits", eq);
    }

    @Test
    void checksumIsStableAndFollowsTheDebts() {
        debts.owes(a, b, eq, "10.00", "50");

        JsonNode first = checksum();
        JsonNode again = checksum();

        assertThat(first.get("equivalent").asString()).isEqualTo(eq);
        assertThat(first.get("checksum").asString()).hasSize(64).isEqualTo(again.get("checksum").asString());
        assertThat(again.get("created_at").asString()).isEqualTo(first.get("created_at").asString());
        assertThat(first.get("invariants_status").get("status").asString()).isEqualTo("healthy");

        db.sql("UPDATE debts SET amount = 11 WHERE equivalent = :eq").bind("eq", eq).fetch().rowsUpdated().block();

        assertThat(checksum().get("checksum").asString()).isNotEqualTo(first.get("checksum").asString());
        client.get().uri("/api/v1/integrity/checksum/NOPE_NONE").header("Authorization", a.bearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void verifyChecksOneEquivalentAndLeavesAnAuditRecord() {
        debts.owes(a, b, eq, "10.00", "50");

        JsonNode body = client.post().uri("/api/v1/integrity/verify").header("Authorization", a.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("equivalent", eq))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(body.get("status").asString()).isEqualTo("healthy");
        assertThat(body.get("checked_at").asString()).isNotBlank();
        assertThat(body.get("equivalents").propertyNames()).containsExactly(eq);
        assertThat(body.get("equivalents").get(eq).get("last_verified").asString()).isNotBlank();
        assertThat(count("SELECT count(*) FROM integrity_audit_log WHERE operation_type = 'INTEGRITY_VERIFY' "
                + "AND equivalent = '" + eq + "'")).isEqualTo(1);

        client.post().uri("/api/v1/integrity/verify").header("Authorization", a.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("equivalent", "NOPE_NONE"))
                .exchange().expectStatus().isNotFound();
        client.post().uri("/api/v1/integrity/verify").header("Authorization", a.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("other", "x"))
                .exchange().expectStatus().isBadRequest();
    }

    private JsonNode checksum() {
        return client.get().uri("/api/v1/integrity/checksum/" + eq).header("Authorization", a.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
