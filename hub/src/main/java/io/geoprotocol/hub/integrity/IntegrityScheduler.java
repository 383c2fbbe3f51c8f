package io.geoprotocol.hub.integrity;

import io.geoprotocol.hub.coordination.PeriodicJob;
import io.geoprotocol.hub.coordination.SingleRunner;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * The periodic integrity check, every {@code INTEGRITY_CHECK_INTERVAL_SECONDS} (default 300, 0
 * disables): checks every equivalent, writes checkpoints and updates the integrity metrics.
 */
@Component
public class IntegrityScheduler {

    public static final String JOB = "integrity-check";
    static final String SETTING = "INTEGRITY_CHECK_INTERVAL_SECONDS";

    private final IntegrityService integrity;
    private final SingleRunner runner;
    private final Duration interval;
    private volatile Disposable schedule;

    public IntegrityScheduler(IntegrityService integrity, SingleRunner runner, Environment environment) {
        this.integrity = integrity;
        this.runner = runner;
        int seconds = environment.getProperty(SETTING, Integer.class, 300);
        if (seconds < 0 || seconds > 86_400) {
            throw new io.geoprotocol.hub.config.InvalidSettingException(SETTING,
                    "must be between 0 and 86400, got " + seconds);
        }
        this.interval = Duration.ofSeconds(seconds);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        schedule = PeriodicJob.start(JOB, interval, runner, integrity::periodic);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
