package io.geoprotocol.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CreditGraphTest {

    @Test
    void capacityFollowsTheSpecificationFormulaLessReservations() {
        CreditGraph graph = new CreditGraph("UAH");
        graph.upsertLine("V", "U", 100);
        graph.setDebt("U", "V", 30);
        graph.addReservation("U", "V", 20);

        assertThat(graph.hopCapacity("U", "V")).isEqualTo(100 - 30 - 20);
        assertThat(graph.hopCapacity("V", "U")).isEqualTo(30);
    }

    @Test
    void capacitySaturatesInsteadOfOverflowing() {
        CreditGraph graph = new CreditGraph("UAH");
        graph.upsertLine("V", "U", Long.MAX_VALUE);
        graph.upsertLine("U", "V", 10);
        graph.setDebt("V", "U", 10);

        assertThat(graph.hopCapacity("U", "V")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void reportsDebtsWithTheAutoClearingPolicyOfTheirLine() {
        CreditGraph graph = new CreditGraph("UAH");
        graph.upsertLine("A", "B", 50, new LinePolicy(false, true, Set.of()), LineStatus.ACTIVE);
        graph.upsertLine("B", "C", 50);
        graph.setDebt("B", "A", 10);
        graph.setDebt("C", "B", 5);
        List<String> seen = new ArrayList<>();

        graph.forEachDebt((debtor, creditor, amount, clearable) ->
                seen.add(debtor + ">" + creditor + ":" + amount + ":" + clearable));

        assertThat(seen).containsExactlyInAnyOrder("B>A:10:false", "C>B:5:true");
    }

    @Test
    void zeroDebtRemovesItAndNegativeValuesAreRefused() {
        CreditGraph graph = new CreditGraph("UAH");
        graph.upsertLine("A", "B", 50);
        graph.setDebt("B", "A", 10);
        graph.setDebt("B", "A", 0);

        assertThat(graph.debt("B", "A")).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> graph.setDebt("B", "A", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routersKeepProducingValidPlansWhileAWriterChangesTheGraph() throws Exception {
        CreditGraph graph = new CreditGraph("UAH");
        int size = 200;
        for (int i = 0; i < size; i++) {
            graph.upsertLine("N" + ((i + 1) % size), "N" + i, 1_000);
            graph.upsertLine("N" + ((i + 7) % size), "N" + i, 1_000);
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<?> writer = pool.submit(() -> {
            int step = 0;
            while (!stop.get()) {
                int i = step++ % size;
                graph.setDebt("N" + i, "N" + ((i + 1) % size), step % 900);
                graph.addReservation("N" + i, "N" + ((i + 7) % size), 1);
                graph.releaseReservation("N" + i, "N" + ((i + 7) % size), 1);
                graph.upsertLine("N" + ((i + 3) % size), "N" + i, step % 500);
            }
        });
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int seed = r;
            readers.add(pool.submit(() -> {
                int plans = 0;
                for (int k = 0; k < 3_000; k++) {
                    String payer = "N" + ((k * 13 + seed) % size);
                    String payee = "N" + ((k * 29 + 5 + seed) % size);
                    if (payer.equals(payee)) {
                        continue;
                    }
                    RouteResult result = new Router(graph).route(payer, payee, 50, RouteConstraints.DEFAULT);
                    if (result instanceof RouteResult.Found found) {
                        assertThat(found.plan().total()).isEqualTo(50);
                        plans++;
                    }
                }
                return plans;
            }));
        }

        int plans = 0;
        for (Future<Integer> reader : readers) {
            plans += reader.get(60, TimeUnit.SECONDS);
        }
        stop.set(true);
        writer.get(10, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(plans).isPositive();
    }
}
