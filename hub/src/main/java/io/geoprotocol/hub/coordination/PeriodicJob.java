package io.geoprotocol.hub.coordination;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a job every {@code period} (the next run starts a period after the previous one ended)
 * through a {@link SingleRunner}, so among replicas sharing the database only one runs it at a
 * time. Failures are logged and the schedule goes on.
 */
public final class PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

    private PeriodicJob() {
    }

    /** Starts the schedule; a zero period disables it and returns an already disposed handle. */
    public static Disposable start(String name, Duration period, SingleRunner runner, Supplier<Mono<?>> job) {
        if (period.isZero() || period.isNegative()) {
            log.info("event=periodic_job_disabled job={}", name);
            return Flux.empty().subscribe();
        }
        Mono<Object> once = Mono.defer(() -> runner.run(name, Mono.defer(job).map(x -> (Object) x)))
                .onErrorResume(e -> {
                    log.warn("event=periodic_job_failed job={} error=\"{}\"", name, e.getMessage());
                    return Mono.empty();
                });
        log.info("event=periodic_job_scheduled job={} period_seconds={}", name, period.toSeconds());
        return Mono.delay(period)
                .then(once)
                .repeat()
                .subscribe();
    }
}
