package io.geoprotocol.hub.integrity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The clearing and integrity metrics: {@code geo_clearing_events_total{event,result}}, the
 * integrity gauges as of the last full check, {@code geo_integrity_checks_total{result}} and
 * {@code geo_integrity_check_duration_seconds}. Gauges read the last values held here.
 */
@Component
public class LedgerMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>(new Snapshot(1, 0, 0, 0));
    private final AtomicReference<Instant> lastCheckpoint = new AtomicReference<>();
    private final Timer checkDuration;

    /** The integrity gauges' values. */
    public record Snapshot(int status, double zeroSumBalance, int trustLimitViolations, int symmetryViolations) {
    }

    public LedgerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("geo.integrity.status", last, s -> s.get().status())
                .description("1 when the last integrity check found every invariant holding, else 0")
                .register(registry);
        Gauge.builder("geo.zero.sum.balance", last, s -> s.get().zeroSumBalance())
                .description("Absolute sum of net balances over all equivalents at the last check (0 when sound)")
                .register(registry);
        Gauge.builder("geo.trust.limit.violations.current", last, s -> s.get().trustLimitViolations())
                .description("Debts above their trust line's limit at the last check")
                .register(registry);
        Gauge.builder("geo.debt.symmetry.violations.current", last, s -> s.get().symmetryViolations())
                .description("Pairs owing each other both ways at the last check")
                .register(registry);
        Gauge.builder("geo.last.checkpoint.age.seconds", lastCheckpoint, this::checkpointAge)
                .description("Seconds since the newest integrity checkpoint (-1 when there is none)")
                .register(registry);
        checkDuration = Timer.builder("geo.integrity.check.duration")
                .description("Time to check every invariant of every equivalent")
                .register(registry);
    }

    /** One cycle or set-off batch: {@code event} is what started it, {@code result} how it ended. */
    public void clearing(String event, String result) {
        Counter.builder("geo.clearing.events")
                .description("Clearing applications by trigger and outcome")
                .tag("event", event)
                .tag("result", result)
                .register(registry)
                .increment();
    }

    /** A full check of every equivalent finished. */
    public void integrityChecked(List<EquivalentCheck> checks, Duration took) {
        int status = 1;
        double zeroSum = 0;
        int limits = 0;
        int mutual = 0;
        for (EquivalentCheck check : checks) {
            if (!check.healthy()) {
                status = 0;
            }
            zeroSum += check.zeroSum().abs().doubleValue();
            limits += check.limitViolations();
            mutual += check.mutualPairs();
        }
        last.set(new Snapshot(status, zeroSum, limits, mutual));
        checkDuration.record(took);
        Counter.builder("geo.integrity.checks")
                .description("Integrity checks by outcome")
                .tag("result", status == 1 ? "healthy" : "violations")
                .register(registry)
                .increment();
    }

    /** A check whose queries failed. */
    public void integrityCheckFailed() {
        Counter.builder("geo.integrity.checks").tag("result", "error").register(registry).increment();
    }

    /** The newest checkpoint in the database is from this moment. */
    public void checkpointAt(Instant at) {
        if (at != null) {
            lastCheckpoint.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
    }

    public Snapshot snapshot() {
        return last.get();
    }

    private double checkpointAge(AtomicReference<Instant> at) {
        Instant value = at.get();
        return value == null ? -1 : Duration.between(value, clock.instant()).toMillis() / 1000.0;
    }
}
