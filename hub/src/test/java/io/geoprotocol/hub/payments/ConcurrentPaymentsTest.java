package io.geoprotocol.hub.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Ledger;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many payers pay one receiver at the same time through a hub whose line to the receiver is the
 * bottleneck: exactly its capacity must be used, no more, no less, and every invariant must hold.
 */
class ConcurrentPaymentsTest extends HubIntegrationTest {

    private static final int PAYERS = 20;
    private static final int PAYMENTS_EACH = 3;

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Test
    void concurrentPaymentsThroughASharedBottleneckUseExactlyItsCapacity() {
        TestCommunity community = new TestCommunity(db, tokens);
        Ledger ledger = new Ledger(db);
        String eq = community.equivalent(2);
        Member hub = community.member("Hub");
        Member receiver = community.member("Receiver");
        community.trustLine(receiver, hub, eq, "300.00");
        List<Member> payers = new ArrayList<>();
        for (int i = 0; i < PAYERS; i++) {
            Member payer = community.member("Payer " + i);
            community.trustLine(hub, payer, eq, "50.00");
            payers.add(payer);
        }

        WebClient web = WebClient.create("http://localhost:" + port);
        List<Integer> statuses = Flux.range(0, PAYERS * PAYMENTS_EACH)
                .flatMap(i -> {
                    Member payer = payers.get(i % PAYERS);
                    return web.post().uri("/api/v1/payments")
                            .header("Authorization", payer.bearer())
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Payments.body(payer, Payments.newTxId(), receiver, eq, "10.00", null))
                            .exchangeToMono(response -> Mono.just(response.statusCode().value()));
                }, PAYERS * PAYMENTS_EACH)
                .collectList()
                .block(Duration.ofMinutes(3));

        assertThat(statuses).containsOnly(200, 400);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(30);
        assertThat(ledger.debt(hub, receiver, eq)).isEqualByComparingTo("300");
        BigDecimal owedToHub = payers.stream()
                .map(p -> ledger.debt(p, hub, eq))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(owedToHub).isEqualByComparingTo("300");
        assertThat(ledger.limitViolations(eq)).isEmpty();
        assertThat(ledger.mutualDebts(eq)).isEmpty();
        assertThat(ledger.reservations(eq)).isZero();

        List<Map<String, Object>> unfinished = db.sql("SELECT tx_id FROM transactions WHERE equivalent = :eq "
                        + "AND state NOT IN ('COMMITTED', 'ABORTED')")
                .bind("eq", eq)
                .fetch().all().collectList().block();
        assertThat(unfinished).isEmpty();
    }

    @Test
    void paymentsInOppositeDirectionsOverTheSamePairsNeverDeadlockOrLoseUpdates() {
        TestCommunity community = new TestCommunity(db, tokens);
        Ledger ledger = new Ledger(db);
        String eq = community.equivalent(2);
        List<Member> ring = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ring.add(community.member("Ring " + i));
        }
        for (int i = 0; i < 4; i++) {
            Member x = ring.get(i);
            Member y = ring.get((i + 1) % 4);
            community.trustLine(x, y, eq, "1000.00");
            community.trustLine(y, x, eq, "1000.00");
        }

        WebClient web = WebClient.create("http://localhost:" + port);
        List<Integer> statuses = Flux.range(0, 80)
                .flatMap(i -> {
                    Member payer = ring.get(i % 4);
                    Member payee = ring.get((i + 1 + (i / 4) % 3) % 4);
                    return web.post().uri("/api/v1/payments")
                            .header("Authorization", payer.bearer())
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Payments.body(payer, Payments.newTxId(), payee, eq, "7.00", null))
                            .exchangeToMono(response -> Mono.just(response.statusCode().value()));
                }, 40)
                .collectList()
                .block(Duration.ofMinutes(3));

        assertThat(statuses).containsOnly(200);

        // Each payer's net position moved by exactly what it paid and received.
        Map<String, BigDecimal> expectedNet = new java.util.HashMap<>();
        for (int i = 0; i < 80; i++) {
            Member payer = ring.get(i % 4);
            Member payee = ring.get((i + 1 + (i / 4) % 3) % 4);
            expectedNet.merge(payer.pid(), new BigDecimal("-7"), BigDecimal::add);
            expectedNet.merge(payee.pid(), new BigDecimal("7"), BigDecimal::add);
        }
        for (Member m : ring) {
            BigDecimal net = db.sql("SELECT coalesce(sum(CASE WHEN creditor = :p THEN amount ELSE -amount END), 0) "
                            + "AS net FROM debts WHERE equivalent = :eq AND (creditor = :p OR debtor = :p)")
                    .bind("p", m.pid())
                    .bind("eq", eq)
                    .map((row, meta) -> row.get("net", BigDecimal.class))
                    .one().block();
            assertThat(net).isEqualByComparingTo(expectedNet.getOrDefault(m.pid(), BigDecimal.ZERO));
        }
        assertThat(ledger.limitViolations(eq)).isEmpty();
        assertThat(ledger.mutualDebts(eq)).isEmpty();
        assertThat(ledger.reservations(eq)).isZero();
    }
}
