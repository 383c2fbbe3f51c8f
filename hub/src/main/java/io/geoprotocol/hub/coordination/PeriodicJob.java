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

    /** How often a job whose period is zero (off) looks whether it has been turned on. */
    static final Duration PAUSED_RECHECK = Duration.ofSeconds(10);

    /** Starts the schedule; a zero period disables it and returns an already disposed handle. */
    public static Disposable start(String name, Duration period, SingleRunner runner, Supplier<Mono<?>> job) {
        if (period.isZero() || period.isNegative()) {
            log.info("event=periodic_job_disabled job={}", name);
            return Flux.empty().subscribe();
        }
        log.info("event=periodic_job_scheduled job={} period_seconds={}", name, period.toSeconds());
        return Mono.delay(period)
                .then(once(name, runner, job))
                .repeat()
                .subscribe();
    }

    /**
     * Starts a schedule whose period is read again before every wait, so a change (an admin's
     * setting) applies from the next run on; while it is zero the job does not run.
     */
    public static Disposable start(String name, Supplier<Duration> period, SingleRunner runner,
            Supplier<Mono<?>> job) {
        Mono<Object> once = once(name, runner, job);
        log.info("event=periodic_job_scheduled job={} period_seconds={} adjustable=true", name,
                period.get().toSeconds());
        return Mono.defer(() -> {
                    Duration next = period.get();
                    if (next.isZero() || next.isNegative()) {
                        return Mono.delay(PAUSED_RECHECK).then(Mono.empty());
                    }
                    return Mono.delay(next).then(once);
                })
                .repeat()
                .subscribe();
    }

    private static Mono<Object> once(String name, SingleRunner runner, Supplier<Mono<?>> job) {
        return Mono.defer(() -> runner.run(name, Mono.defer(job).map(x -> (Object) x)))
                .onErrorResume(e -> {
                    log.warn("event=periodic_job_failed job={} error=\"{}\"", name, e.getMessage());
                    return Mono.empty();
                });
    }
}
