package io.geoprotocol.hub.clearing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.DebtFixtures;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Ledger;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/** Cycle listing, clearing on demand, auto-clearing policy, depth limit and triggered clearing. */
class ClearingApiTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    ClearingService clearing;

    TestCommunity community;
    DebtFixtures debts;
    Ledger ledger;
    String eq;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
        debts = new DebtFixtures(db, community);
        ledger = new Ledger(db);
        eq = community.equivalent(2);
    }

    private JsonNode cycles(Member caller, String query) {
        return client.get().uri("/api/v1/clearing/cycles?" + query)
                .header("Authorization", caller.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode auto(Member caller, String query) {
        return client.post().uri("/api/v1/clearing/auto?" + query)
                .header("Authorization", caller.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void cyclesEndpointListsATriangleAndASquareWithTheirDebts() {
        Member a = community.member("A");
        Member b = community.member("B");
        Member c = community.member("C");
        Member d = community.member("D");
        Member e = community.member("E");
        Member f = community.member("F");
        Member g = community.member("G");
        debts.owes(a, b, eq, "10.00", "100");
        debts.owes(b, c, eq, "20.00", "100");
        debts.owes(c, a, eq, "30.00", "100");
        debts.owes(d, e, eq, "5.00", "100");
        debts.owes(e, f, eq, "6.00", "100");
        debts.owes(f, g, eq, "7.00", "100");
        debts.owes(g, d, eq, "8.00", "100");

        JsonNode body = cycles(a, "equivalent=" + eq);

        assertThat(body.get("cycles")).hasSize(2);
        JsonNode triangle = null;
        JsonNode square = null;
        for (JsonNode cycle : body.get("cycles")) {
            if (cycle.size() == 3) {
                triangle = cycle;
            } else {
                square = cycle;
            }
        }
        assertThat(triangle).isNotNull();
        assertThat(square).isNotNull().hasSize(4);
        for (JsonNode edge : triangle) {
            assertThat(edge.get("debt_id").asString()).isNotBlank();
            if (edge.get("debtor").asString().equals(a.pid())) {
                assertThat(edge.get("creditor").asString()).isEqualTo(b.pid());
                assertThat(edge.get("amount").asString()).isEqualTo("10.00");
            }
        }

        assertThat(cycles(a, "equivalent=" + eq + "&max_depth=3").get("cycles")).hasSize(1);
    }

    @Test
    void cyclesEndpointRefusesBadQueriesAndStrangers() {
        Member a = community.member("A");
        client.get().uri("/api/v1/clearing/cycles?equivalent=" + eq).exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/clearing/cycles").header("Authorization", a.bearer())
                .exchange().expectStatus().isBadRequest();
        client.get().uri("/api/v1/clearing/cycles?equivalent=" + eq + "&max_depth=11")
                .header("Authorization", a.bearer())
                .exchange().expectStatus().isBadRequest();
        client.get().uri("/api/v1/clearing/cycles?equivalent=NOPE_NONE").header("Authorization", a.bearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void autoClearingClearsTriangleAndSquareAndKeepsEveryNetBalance() {
        Member a = community.member("A");
        Member b = community.member("B");
        Member c = community.member("C");
        Member d = community.member("D");
        Member e = community.member("E");
        debts.owes(a, b, eq, "10.00", "100");
        debts.owes(b, c, eq, "20.00", "100");
        debts.owes(c, a, eq, "30.00", "100");
        debts.owes(c, d, eq, "7.00", "100");
        debts.owes(d, e, eq, "9.00", "100");
        debts.owes(e, b, eq, "8.00", "100");
        Map<String, BigDecimal> before = debts.nets(eq);

        JsonNode result = auto(a, "equivalent=" + eq);

        assertThat(result.get("equivalent").asString()).isEqualTo(eq);
        assertThat(result.get("cleared_cycles").asInt()).isEqualTo(2);
        assertThat(debts.nets(eq)).isEqualTo(before);
        assertThat(debts.totalDebt(eq)).isLessThan(new BigDecimal("84.00"));
        assertThat(ledger.limitViolations(eq)).isEmpty();
        assertThat(debts.clearingTransactions(eq)).isEqualTo(2);
        assertThat(cycles(a, "equivalent=" + eq).get("cycles")).isEmpty();

        Map<String, Object> row = db.sql("SELECT amount, involved, payload::text AS payload FROM transactions "
                        + "WHERE equivalent = :eq AND type = 'CLEARING' ORDER BY created_at LIMIT 1")
                .bind("eq", eq)
                .fetch().one().block();
        assertThat(row.get("payload").toString()).contains("\"cycle\"", a.pid());
    }

    @Test
    void aLineWithoutAutoClearingBlocksItsCycleOnly() {
        Member a = community.member("A");
        Member b = community.member("B");
        Member c = community.member("C");
        debts.owes(a, b, eq, "10.00", "100");
        debts.owes(b, c, eq, "10.00", "100");
        debts.owes(c, a, eq, "10.00", "100");
        db.sql("UPDATE trust_lines SET auto_clearing = FALSE WHERE from_pid = :from AND to_pid = :to")
                .bind("from", c.pid())
                .bind("to", b.pid())
                .fetch().rowsUpdated().block();

        assertThat(cycles(a, "equivalent=" + eq).get("cycles")).isEmpty();
        assertThat(auto(a, "equivalent=" + eq).get("cleared_cycles").asInt()).isZero();
        assertThat(ledger.debt(b, c, eq)).isEqualByComparingTo("10.00");
        assertThat(debts.clearingTransactions(eq)).isZero();
    }

    @Test
    void cyclesLongerThanTheMaximumAreLeftAlone() {
        Member a = community.member("A");
        Member b = community.member("B");
        Member c = community.member("C");
        Member d = community.member("D");
        debts.owes(a, b, eq, "10.00", "100");
        debts.owes(b, c, eq, "10.00", "100");
        debts.owes(c, d, eq, "10.00", "100");
        debts.owes(d, a, eq, "10.00", "100");

        assertThat(auto(a, "equivalent=" + eq + "&max_depth=3").get("cleared_cycles").asInt()).isZero();
        assertThat(debts.totalDebt(eq)).isEqualByComparingTo("40.00");

        assertThat(auto(a, "equivalent=" + eq + "&max_depth=4").get("cleared_cycles").asInt()).isEqualTo(1);
        assertThat(debts.totalDebt(eq)).isZero();
    }

    @Test
    void aPaymentThatClosesACycleIsClearedRightAfter() {
        Member a = community.member("A");
        Member b = community.member("B");
        Member c = community.member("C");
        debts.owes(a, b, eq, "10.00", "100");
        debts.owes(b, c, eq, "10.00", "100");
        community.trustLine(a, c, eq, "100");

        Payments.pay(client, c, a, eq, "4.00").expectStatus().isOk();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ledger.debt(c, a, eq)).isZero();
            assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("6.00");
            assertThat(ledger.debt(b, c, eq)).isEqualByComparingTo("6.00");
        });
        assertThat(debts.clearingTransactions(eq)).isEqualTo(1);
    }

    @Test
    void optimalModeClearsAtLeastAsMuchAsCycleClearing() {
        String other = community.equivalent(2);
        List<Member> m = List.of(community.member("P0"), community.member("P1"), community.member("P2"),
                community.member("P3"), community.member("P4"));
        String[][] graph = {
            {"0", "1", "30"}, {"1", "2", "20"}, {"2", "0", "10"}, {"2", "3", "25"}, {"3", "0", "15"},
            {"1", "3", "12"}, {"3", "4", "8"}, {"4", "1", "14"}, {"4", "0", "5"}
        };
        for (String code : List.of(eq, other)) {
            for (String[] e : graph) {
                debts.owes(m.get(Integer.parseInt(e[0])), m.get(Integer.parseInt(e[1])), code, e[2], "1000");
            }
        }
        Map<String, BigDecimal> before = debts.nets(eq);

        var cycles = clearing.clearEquivalent(eq, ClearingService.CYCLES, 6, "manual").block();
        var optimal = clearing.clearEquivalent(other, ClearingService.OPTIMAL, 6, "manual").block();

        assertThat(optimal.transactions()).isEqualTo(1);
        assertThat(new BigDecimal(optimal.totalRemoved()))
                .isGreaterThanOrEqualTo(new BigDecimal(cycles.totalRemoved()));
        assertThat(debts.totalDebt(other)).isLessThanOrEqualTo(debts.totalDebt(eq));
        assertThat(debts.nets(eq)).isEqualTo(before);
        assertThat(debts.nets(other)).isEqualTo(before);
        assertThat(debts.clearingTransactions(other)).isEqualTo(1);
        assertThat(clearing.clearEquivalent(other, ClearingService.OPTIMAL, 6, "manual").block().transactions())
                .isZero();
    }

    @Test
    void clearingLeavesRoomForPaymentsInFlightThatPayADebtBack() {
        Member a = community.member("A");
        Member b = community.member("B");
        Member c = community.member("C");
        debts.owes(a, b, eq, "10.00", "100");
        debts.owes(b, c, eq, "10.00", "100");
        debts.owes(c, a, eq, "10.00", "100");
        // No line a trusts b: b can pay a only by cancelling what a owes it; a payment in flight holds 7 of that.
        String txId = Payments.newTxId();
        db.sql("INSERT INTO transactions (id, tx_id, type, state) VALUES (gen_random_uuid(), :tx, 'PAYMENT', "
                        + "'PREPARED')")
                .bind("tx", txId).fetch().rowsUpdated().block();
        db.sql("INSERT INTO payment_reservations (id, tx_id, payer, payee, equivalent, amount, expires_at) "
                        + "VALUES (gen_random_uuid(), :tx, :payer, :payee, :eq, 7, now() + interval '1 minute')")
                .bind("tx", txId).bind("payer", b.pid()).bind("payee", a.pid()).bind("eq", eq)
                .fetch().rowsUpdated().block();

        auto(a, "equivalent=" + eq);

        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("7.00");
        assertThat(ledger.debt(b, c, eq)).isEqualByComparingTo("7.00");
        db.sql("DELETE FROM payment_reservations WHERE tx_id = :tx").bind("tx", txId).fetch().rowsUpdated().block();
    }
}
