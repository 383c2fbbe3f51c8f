package io.geoprotocol.hub.clearing;

import io.geoprotocol.hub.integrity.LedgerMetrics;
import io.geoprotocol.hub.money.Amounts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds and clears debt cycles. Planning runs on an in-memory {@link DebtGraph}; every cycle (or,
 * in optimal mode, the whole set-off) is then applied by {@link ClearingStore} under the ledger's
 * locks, which decide what is really cleared. Used by the API, the periodic job, triggered
 * clearing after payments and the {@code clearing-run} command.
 */
public class ClearingService {

    public static final String CYCLES = "cycles";
    public static final String OPTIMAL = "optimal";

    /** Cycles listed by one call of the cycles endpoint. */
    static final int LIST_LIMIT = 200;

    private static final Logger log = LoggerFactory.getLogger(ClearingService.class);

    private final ClearingStore store;
    private final LedgerMetrics metrics;
    private final ClearingObserver observer;

    public ClearingService(ClearingStore store, LedgerMetrics metrics, ClearingObserver observer) {
        this.store = store;
        this.metrics = metrics;
        this.observer = observer;
    }

    /** Told after a clearing commits, so views of the debts can follow. */
    @FunctionalInterface
    public interface ClearingObserver {
        void cleared(String equivalent, int precision, ClearingStore.Applied applied);

        ClearingObserver NONE = (equivalent, precision, applied) -> { };
    }

    /** One edge of a listed cycle: the debt and its current amount. */
    public record CycleEdge(String debtId, String debtor, String creditor, String amount) {
    }

    /** What one pass cleared. */
    public record PassResult(String equivalent, String mode, int clearedCycles, int transactions,
            String totalRemoved, boolean complete) {
    }

    public Mono<Integer> precision(String equivalent) {
        return store.precision(equivalent);
    }

    public Flux<String> equivalentsWithDebts() {
        return store.equivalentsWithDebts();
    }

    /** Clearable cycles of an equivalent, up to {@code maxDepth} long; empty when it does not exist. */
    public Mono<List<List<CycleEdge>>> cycles(String equivalent, int maxDepth) {
        return store.precision(equivalent)
                .flatMap(precision -> store.loadGraph(equivalent, precision)
                        .map(graph -> {
                            List<List<CycleEdge>> cycles = new ArrayList<>();
                            for (DebtCycle cycle : new CycleFinder(maxDepth).findCycles(graph, LIST_LIMIT)) {
                                List<CycleEdge> edges = new ArrayList<>();
                                for (DebtKey key : cycle.edges()) {
                                    edges.add(new CycleEdge(
                                            ClearingStore.debtId(equivalent, key.debtor(), key.creditor()),
                                            key.debtor(), key.creditor(),
                                            Amounts.fromMinor(graph.debt(key.debtor(), key.creditor()), precision)
                                                    .toPlainString()));
                                }
                                cycles.add(edges);
                            }
                            return cycles;
                        }));
    }

    /** One clearing pass over the whole equivalent; empty when it does not exist. */
    public Mono<PassResult> clearEquivalent(String equivalent, String mode, int maxDepth, String trigger) {
        return store.precision(equivalent)
                .flatMap(precision -> store.loadGraph(equivalent, precision)
                        .flatMap(graph -> OPTIMAL.equals(mode)
                                ? setOff(equivalent, precision, graph, trigger)
                                : clearPlan(equivalent, precision, new CycleFinder(maxDepth).clearAll(graph),
                                        trigger)));
    }

    /**
     * Clears short cycles through the debts a payment has just changed, on a view of the graph
     * that may be slightly stale (the locks decide), within a bounded amount of search work.
     */
    public Mono<PassResult> clearThrough(String equivalent, int precision, DebtGraph view,
            Collection<DebtKey> touched, int maxDepth, long workBudget) {
        ClearingPlan plan = new CycleFinder(maxDepth, workBudget).clearThrough(view, touched);
        if (plan.cycles().isEmpty()) {
            return Mono.just(new PassResult(equivalent, CYCLES, 0, 0, Amounts.format(BigDecimal.ZERO, precision),
                    plan.complete()));
        }
        return clearPlan(equivalent, precision, plan, "payment");
    }

    private Mono<PassResult> clearPlan(String equivalent, int precision, ClearingPlan plan, String trigger) {
        return Flux.fromIterable(plan.cycles())
                .concatMap(cycle -> applyOne(trigger, () -> store.applyCycle(equivalent, precision, cycle, trigger),
                        equivalent, precision))
                .collectList()
                .map(applied -> summarize(equivalent, CYCLES, precision, applied, plan.complete()));
    }

    private Mono<PassResult> setOff(String equivalent, int precision, DebtGraph graph, String trigger) {
        SetOffResult planned = new OptimalSetOff().compute(graph);
        if (planned.totalRemoved() == 0) {
            return Mono.just(new PassResult(equivalent, OPTIMAL, 0, 0, Amounts.format(BigDecimal.ZERO, precision),
                    true));
        }
        List<DebtKey> candidates = planned.reductions().stream()
                .map(r -> new DebtKey(r.debtor(), r.creditor()))
                .toList();
        return applyOne(trigger, () -> store.applySetOff(equivalent, precision, candidates, trigger),
                equivalent, precision)
                .map(List::of)
                .defaultIfEmpty(List.of())
                .map(applied -> summarize(equivalent, OPTIMAL, precision, applied, true));
    }

    /** Applies one cycle or batch; a failure is counted and logged, and the pass goes on. */
    private Mono<ClearingStore.Applied> applyOne(String trigger,
            java.util.function.Supplier<Mono<ClearingStore.Applied>> apply, String equivalent, int precision) {
        return Mono.defer(apply)
                .doOnNext(applied -> {
                    metrics.clearing(trigger, "success");
                    log.info("event=clearing_committed tx_id={} equivalent={} cycles={} removed={}", applied.txId(),
                            equivalent, applied.cycles().size(),
                            Amounts.fromMinor(applied.totalRemoved(), precision).toPlainString());
                    try {
                        observer.cleared(equivalent, precision, applied);
                    } catch (RuntimeException e) {
                        log.warn("event=clearing_observer_failed equivalent={} error=\"{}\"", equivalent,
                                e.getMessage());
                    }
                })
                .switchIfEmpty(Mono.fromRunnable(() -> metrics.clearing(trigger, "skipped")))
                .onErrorResume(e -> {
                    metrics.clearing(trigger, "error");
                    log.warn("event=clearing_failed equivalent={} error=\"{}\"", equivalent, e.getMessage());
                    return Mono.empty();
                });
    }

    private static PassResult summarize(String equivalent, String mode, int precision,
            List<ClearingStore.Applied> applied, boolean complete) {
        int cycles = 0;
        long removed = 0;
        for (ClearingStore.Applied a : applied) {
            cycles += a.cycles().size();
            removed = Math.addExact(removed, a.totalRemoved());
        }
        return new PassResult(equivalent, mode, cycles, applied.size(),
                Amounts.fromMinor(removed, precision).toPlainString(), complete);
    }
}
