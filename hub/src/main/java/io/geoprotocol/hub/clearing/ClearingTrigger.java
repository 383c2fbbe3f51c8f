package io.geoprotocol.hub.clearing;

import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.payments.Hop;
import io.geoprotocol.hub.payments.PaymentListener;
import io.geoprotocol.hub.payments.PaymentResult;
import io.geoprotocol.hub.routing.GraphRegistry;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Triggered clearing: after each committed payment, clears short cycles through the debts it
 * raised, off the payment's thread. Work is bounded twice: each search has a budget, and payments
 * that commit while a run for their equivalent is going on are merged into the next run (up to
 * {@link #MAX_PENDING} debts; beyond that the periodic pass catches up). Failures are logged and
 * never reach the payment.
 */
@Component
public class ClearingTrigger implements PaymentListener {

    static final long WORK_BUDGET = 200_000;
    static final int MAX_PENDING = 5_000;

    private static final Logger log = LoggerFactory.getLogger(ClearingTrigger.class);

    private final ClearingService clearing;
    private final GraphRegistry graphs;
    private final Map<String, Set<DebtKey>> pending = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private final boolean enabled;

    private final RuntimeSettings runtime;

    public ClearingTrigger(ClearingService clearing, GraphRegistry graphs, RuntimeSettings runtime,
            @Value("${TRIGGERED_CLEARING:true}") boolean enabled) {
        this.runtime = runtime;
        this.enabled = enabled;
        this.clearing = clearing;
        this.graphs = graphs;
    }

    @Override
    public void committed(PaymentResult result, Map<Hop, BigDecimal> newDebts) {
        if (!enabled || !runtime.bool(RuntimeSettings.CLEARING_ENABLED)) {
            return;
        }
        Set<DebtKey> raised = new LinkedHashSet<>();
        newDebts.forEach((debt, amount) -> {
            if (amount.signum() > 0) {
                raised.add(new DebtKey(debt.payer(), debt.payee()));
            }
        });
        if (raised.isEmpty()) {
            return;
        }
        String equivalent = result.equivalent();
        pending.compute(equivalent, (eq, keys) -> {
            Set<DebtKey> merged = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            if (merged.size() < MAX_PENDING) {
                merged.addAll(raised);
            }
            return merged;
        });
        startIfIdle(equivalent);
    }

    /** Completes when no run is pending or going on for this equivalent (for tests and shutdown). */
    public boolean idle(String equivalent) {
        return !running.contains(equivalent) && !pending.containsKey(equivalent);
    }

    private void startIfIdle(String equivalent) {
        if (!running.add(equivalent)) {
            return;
        }
        runPending(equivalent)
                .subscribeOn(Schedulers.boundedElastic())
                .doFinally(signal -> {
                    running.remove(equivalent);
                    if (pending.containsKey(equivalent)) {
                        startIfIdle(equivalent);
                    }
                })
                .subscribe(null, e -> log.warn("event=triggered_clearing_failed equivalent={} error=\"{}\"",
                        equivalent, e.getMessage()));
    }

    /** Runs batches until nothing is pending. */
    private Mono<Void> runPending(String equivalent) {
        return Mono.defer(() -> {
            Set<DebtKey> batch = pending.remove(equivalent);
            if (batch == null || batch.isEmpty()) {
                return Mono.empty();
            }
            return clearing.precision(equivalent)
                    // Loading a stale view blocks: keep it off the database driver's threads.
                    .publishOn(Schedulers.boundedElastic())
                    .flatMap(precision -> {
                        DebtGraph view = new DebtGraph();
                        graphs.graph(equivalent, precision).forEachDebt(view::setDebt);
                        return clearing.clearThrough(equivalent, precision, view, batch,
                                runtime.intValue(RuntimeSettings.MAX_CLEARING_CYCLE_LENGTH), WORK_BUDGET);
                    })
                    .doOnNext(pass -> {
                        if (pass.clearedCycles() > 0) {
                            log.info("event=triggered_clearing equivalent={} cycles={} removed={}", equivalent,
                                    pass.clearedCycles(), pass.totalRemoved());
                        }
                    })
                    .onErrorResume(e -> {
                        log.warn("event=triggered_clearing_failed equivalent={} error=\"{}\"", equivalent,
                                e.getMessage());
                        return Mono.empty();
                    })
                    .then(runPending(equivalent));
        });
    }
}
