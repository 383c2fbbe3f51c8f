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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Payments and clearing passes hammer the same lines at once: nothing may deadlock, no debt may
 * pass its limit, no pair may owe both ways, and every net balance must be exactly what the
 * committed payments made it (clearing moves none).
 */
class ClearingConcurrencyTest extends HubIntegrationTest {

    private static final int PEOPLE = 6;
    private static final int PAYMENTS = 60;

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    ClearingService clearing;

    @Autowired
    ClearingTrigger trigger;

    @Test
    void clearingRacingPaymentsOnTheSameLinesKeepsEveryInvariant() {
        TestCommunity community = new TestCommunity(db, tokens);
        DebtFixtures debts = new DebtFixtures(db, community);
        Ledger ledger = new Ledger(db);
        String eq = community.equivalent(2);
        List<Member> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(community.member("Ring " + i));
        }
        for (int i = 0; i < PEOPLE; i++) {
            Member x = people.get(i);
            Member y = people.get((i + 1) % PEOPLE);
            community.trustLine(x, y, eq, "60.00");
            community.trustLine(y, x, eq, "60.00");
        }
        community.trustLine(people.get(0), people.get(3), eq, "60.00");
        community.trustLine(people.get(3), people.get(0), eq, "60.00");

        // A debt cycle around the ring before the race, so the clearings racing the payments always
        // have work, whatever order the payments commit in. A cycle leaves every net at zero.
        for (int i = 0; i < PEOPLE; i++) {
            debts.plant(people.get(i), people.get((i + 1) % PEOPLE), eq, "5.00");
        }

        Random random = new Random(42);
        List<int[]> plan = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            int from = random.nextInt(PEOPLE);
            int to = (from + 1 + random.nextInt(PEOPLE - 1)) % PEOPLE;
            plan.add(new int[] {from, to, 1 + random.nextInt(15)});
        }

        WebClient web = WebClient.create("http://localhost:" + port);
        Flux<Map.Entry<int[], Boolean>> payments = Flux.fromIterable(plan)
                .flatMap(p -> {
                    Member payer = people.get(p[0]);
                    return web.post().uri("/api/v1/payments")
                            .header("Authorization", payer.bearer())
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Payments.body(payer, Payments.newTxId(), people.get(p[1]), eq, p[2] + ".00",
                                    null))
                            .exchangeToMono(r -> r.bodyToMono(JsonNode.class)
                                    .map(body -> Map.entry(p, "COMMITTED".equals(body.path("status").asString())))
                                    .defaultIfEmpty(Map.entry(p, false)));
                }, 12);
        Flux<Map.Entry<int[], Boolean>> clearings = Flux.range(0, 15)
                .concatMap(i -> clearing.clearEquivalent(eq, i % 3 == 2 ? ClearingService.OPTIMAL
                        : ClearingService.CYCLES, 6, "manual"))
                .thenMany(Flux.empty());

        List<Map.Entry<int[], Boolean>> results = Flux.merge(payments, clearings)
                .collectList()
                .block(Duration.ofMinutes(4));
        await().atMost(Duration.ofSeconds(30)).until(() -> trigger.idle(eq));
        clearing.clearEquivalent(eq, ClearingService.CYCLES, 6, "manual").block();

        Map<String, BigDecimal> expected = new HashMap<>();
        int committed = 0;
        for (var result : results) {
            if (result.getValue()) {
                committed++;
                int[] p = result.getKey();
                BigDecimal amount = new BigDecimal(p[2]);
                expected.merge(people.get(p[0]).pid(), amount.negate(), BigDecimal::add);
                expected.merge(people.get(p[1]).pid(), amount, BigDecimal::add);
            }
        }
        expected.replaceAll((pid, v) -> v.stripTrailingZeros());
        expected.values().removeIf(v -> v.signum() == 0);

        assertThat(committed).isGreaterThan(PAYMENTS / 3);
        assertThat(debts.nets(eq)).isEqualTo(expected);
        assertThat(ledger.limitViolations(eq)).isEmpty();
        assertThat(ledger.mutualDebts(eq)).isEmpty();
        assertThat(ledger.reservations(eq)).isZero();
        assertThat(debts.clearingTransactions(eq)).isPositive();
        Long unfinished = db.sql("SELECT count(*) AS n FROM transactions WHERE equivalent = :eq "
                        + "AND state NOT IN ('COMMITTED', 'ABORTED')")
                .bind("eq", eq)
                .map((row, meta) -> row.get("n", Long.class))
                .one().block();
        assertThat(unfinished).isZero();
    }
}
