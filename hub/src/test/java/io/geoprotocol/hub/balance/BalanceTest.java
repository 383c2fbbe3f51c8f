package io.geoprotocol.hub.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.balance.BalanceCalculator.Totals;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small community whose balances are worked out by hand.
 *
 * <pre>
 * UAH (2 decimals)  lines: B->A 100, A->B 60, C->A 30, A->D 20, D->A 1000 (frozen)
 *                   debts: A owes B 40, C owes A 10 (no line A->C), D owes A 5
 * HOUR (0 decimals) lines: A->C 8          debts: C owes A 3
 *
 * A in UAH: debt 40, credit 15, net -25
 *   spend   = B: 100-40+0 = 60, C: 30-0+10 = 40, D: frozen 0-0+5 = 5        -> 105
 *   receive = B: 60-0+40 = 100, C: 0-10+0 -> 0, D: 20-5+0 = 15              -> 115
 * A in HOUR: debt 0, credit 3, net 3, spend C: 0+3 = 3, receive C: 8-3 = 5
 * B in UAH: credit 40, net 40, spend 60-0+40 = 100, receive 100-40 = 60
 * D in UAH: debt 5, net -5, spend 20-5 = 15, receive frozen 0-0+5 = 5
 * </pre>
 */
class BalanceTest extends HubIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    BalanceCalculator calculator;

    Member a;
    Member b;
    Member c;
    Member d;
    String uah;
    String hour;

    @BeforeEach
    void community() {
        TestCommunity community = new TestCommunity(db, tokens);
        a = community.member("Anna");
        b = community.member("Boris");
        c = community.member("Chen");
        d = community.member("Dana");
        uah = community.equivalent(2);
        hour = community.equivalent(0);

        community.trustLine(b, a, uah, "100");
        community.trustLine(a, b, uah, "60");
        community.trustLine(c, a, uah, "30");
        community.trustLine(a, d, uah, "20");
        UUID frozen = community.trustLine(d, a, uah, "1000");
        db.sql("UPDATE trust_lines SET status = 'frozen' WHERE id = :id").bind("id", frozen)
                .fetch().rowsUpdated().block();
        community.trustLine(a, c, hour, "8");

        debt(a, b, uah, "40");
        debt(c, a, uah, "10");
        debt(d, a, uah, "5");
        debt(c, a, hour, "3");
    }

    @Test
    void balanceSumsDebtsCreditsAndDirectCapacityPerEquivalent() {
        JsonNode equivalents = summary(a);

        assertThat(equivalents.size()).isEqualTo(2);
        assertThat(entry(equivalents, uah).toString()).isEqualTo(expected(uah, "40.00", "15.00", "-25.00",
                "105.00", "115.00"));
        assertThat(entry(equivalents, hour).toString()).isEqualTo(expected(hour, "0", "3", "3", "3", "5"));
    }

    @Test
    void creditorAndFrozenLineOwnerSeeTheirSideOfTheSameDebts() {
        assertThat(entry(summary(b), uah).toString()).isEqualTo(expected(uah, "0.00", "40.00", "40.00",
                "100.00", "60.00"));
        assertThat(entry(summary(d), uah).toString()).isEqualTo(expected(uah, "5.00", "0.00", "-5.00",
                "15.00", "5.00"));
    }

    @Test
    void netBalancesOfTheCommunitySumToZero() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Member m : new Member[] {a, b, c, d}) {
            sum = sum.add(new BigDecimal(entry(summary(m), uah).get("net_balance").asString()));
        }

        assertThat(sum).isEqualByComparingTo("0");
    }

    @Test
    void participantWithoutLinesOrDebtsHasNoEquivalents() {
        Member loner = new TestCommunity(db, tokens).member("Loner");

        assertThat(summary(loner).size()).isZero();
    }

    @Test
    void totalsForParticipantStatsSumOverEquivalentsAndIgnoreFrozenLines() {
        Totals totals = calculator.totals(a.pid()).block();

        assertThat(totals.incomingTrust()).isEqualByComparingTo("130");
        assertThat(totals.outgoingTrust()).isEqualByComparingTo("88");
        assertThat(totals.totalDebt()).isEqualByComparingTo("40");
        assertThat(totals.totalCredit()).isEqualByComparingTo("18");
        assertThat(totals.netBalance()).isEqualByComparingTo("-22");
    }

    @Test
    void debtsDetailsListWhoIOweAndWhoOwesMeLargestFirst() {
        JsonNode details = debts(a, "?equivalent=" + uah);

        assertThat(details.get("outgoing").toString()).isEqualTo("[{\"creditor\":\"" + b.pid()
                + "\",\"creditor_name\":\"Boris\",\"equivalent\":\"" + uah + "\",\"amount\":\"40.00\"}]");
        assertThat(details.get("incoming").size()).isEqualTo(2);
        assertThat(details.get("incoming").get(0).get("debtor").asString()).isEqualTo(c.pid());
        assertThat(details.get("incoming").get(0).get("debtor_name").asString()).isEqualTo("Chen");
        assertThat(details.get("incoming").get(0).get("amount").asString()).isEqualTo("10.00");
        assertThat(details.get("incoming").get(1).get("debtor").asString()).isEqualTo(d.pid());
        assertThat(details.get("incoming").get(1).get("amount").asString()).isEqualTo("5.00");
    }

    @Test
    void debtsDetailsHonourDirectionAndEquivalent() {
        JsonNode outgoingOnly = debts(a, "?equivalent=" + uah + "&direction=outgoing");
        assertThat(outgoingOnly.get("outgoing").size()).isEqualTo(1);
        assertThat(outgoingOnly.get("incoming").size()).isZero();

        JsonNode incomingOnly = debts(a, "?equivalent=" + uah + "&direction=incoming");
        assertThat(incomingOnly.get("outgoing").size()).isZero();
        assertThat(incomingOnly.get("incoming").size()).isEqualTo(2);

        JsonNode inHours = debts(a, "?equivalent=" + hour);
        assertThat(inHours.get("outgoing").size()).isZero();
        assertThat(inHours.get("incoming").get(0).get("amount").asString()).isEqualTo("3");
    }

    @Test
    void debtsDetailsNeedAKnownEquivalentAndAValidDirection() {
        get(a, "/api/v1/balance/debts").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        get(a, "/api/v1/balance/debts?equivalent=" + uah + "&direction=up").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        get(a, "/api/v1/balance/debts?equivalent=ZZ" + (System.nanoTime() % 1000)).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void balanceNeedsAnAccessToken() {
        client.get().uri("/api/v1/balance").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    private static String expected(String code, String debt, String credit, String net, String spend,
            String receive) {
        return "{\"code\":\"" + code + "\",\"total_debt\":\"" + debt + "\",\"total_credit\":\"" + credit
                + "\",\"net_balance\":\"" + net + "\",\"available_to_spend\":\"" + spend
                + "\",\"available_to_receive\":\"" + receive + "\"}";
    }

    private JsonNode summary(Member m) {
        return body(get(m, "/api/v1/balance").expectStatus().isOk()).get("equivalents");
    }

    private JsonNode debts(Member m, String query) {
        return body(get(m, "/api/v1/balance/debts" + query).expectStatus().isOk());
    }

    private static JsonNode entry(JsonNode equivalents, String code) {
        for (JsonNode item : equivalents) {
            if (item.get("code").asString().equals(code)) {
                return item;
            }
        }
        throw new AssertionError("no balance entry for " + code + " in " + equivalents);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec get(Member m, String path) {
        return client.get().uri(path).header("Authorization", m.bearer()).exchange();
    }

    private static JsonNode body(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
        return JSON.readTree(response.expectBody(String.class).returnResult().getResponseBody());
    }

    private void debt(Member debtor, Member creditor, String equivalent, String amount) {
        db.sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES (:d, :c, :e, :a)")
                .bind("d", debtor.pid())
                .bind("c", creditor.pid())
                .bind("e", equivalent)
                .bind("a", new BigDecimal(amount))
                .fetch().rowsUpdated().block();
    }
}
