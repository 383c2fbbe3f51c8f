package io.geoprotocol.hub.clearing;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.coordination.PeriodicJob;
import io.geoprotocol.hub.coordination.SingleRunner;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The periodic clearing pass over every equivalent, every {@code CLEARING_INTERVAL_SECONDS}. */
@Component
public class ClearingScheduler {

    public static final String JOB = "clearing";

    private static final Logger log = LoggerFactory.getLogger(ClearingScheduler.class);

    private final ClearingService clearing;
    private final SingleRunner runner;
    private final HubSettings settings;
    private volatile Disposable schedule;

    private final RuntimeSettings runtime;

    public ClearingScheduler(ClearingService clearing, SingleRunner runner, HubSettings settings,
            RuntimeSettings runtime) {
        this.runtime = runtime;
        this.clearing = clearing;
        this.runner = runner;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        // The admin feature flag pauses automatic clearing; manual passes stay available.
        // The interval is an admin setting too (PATCH /admin/config): read before every wait.
        schedule = PeriodicJob.start(JOB,
                () -> Duration.ofSeconds(runtime.intValue(RuntimeSettings.CLEARING_INTERVAL_SECONDS)), runner,
                () -> runtime.bool(RuntimeSettings.CLEARING_ENABLED) ? passOverAll() : Mono.just(List.of()));
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
    }

    /** One pass over every equivalent with debts, in the configured mode. */
    public Mono<List<ClearingService.PassResult>> passOverAll() {
        return clearing.equivalentsWithDebts()
                .concatMap(eq -> clearing.clearEquivalent(eq, settings.clearingMode(),
                        runtime.intValue(RuntimeSettings.MAX_CLEARING_CYCLE_LENGTH), "periodic"))
                .doOnNext(pass -> {
                    if (pass.clearedCycles() > 0) {
                        log.info("event=periodic_clearing equivalent={} mode={} cycles={} removed={}",
                                pass.equivalent(), pass.mode(), pass.clearedCycles(), pass.totalRemoved());
                    }
                })
                .collectList();
    }
}
