package io.geoprotocol.hub.payments;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.coordination.SingleRunner;
import io.geoprotocol.hub.metrics.HubMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives every payment a final outcome after a crash: a payment still unfinished once its timeout
 * (plus grace) has passed belongs to a process that died, so it is aborted and its reservations
 * released. Runs at start and every {@code CLEANUP_EXPIRED_LOCKS_SECONDS}, the periodic runs on one
 * replica at a time ({@link SingleRunner}); any overlap would still be safe, since each abort locks
 * the transaction row and skips payments that already ended.
 */
@Component
public class PaymentRecovery {

    private static final Logger log = LoggerFactory.getLogger(PaymentRecovery.class);

    private final DatabaseClient db;
    private final PaymentLedger ledger;
    private final RouteFinder routes;
    private final HubSettings settings;
    private final JsonMapper json;
    private final SingleRunner runner;
    private final HubMetrics metrics;

    public PaymentRecovery(DatabaseClient db, PaymentLedger ledger, RouteFinder routes, HubSettings settings,
            JsonMapper json, SingleRunner runner, HubMetrics metrics) {
        this.db = db;
        this.ledger = ledger;
        this.routes = routes;
        this.settings = settings;
        this.json = json;
        this.runner = runner;
        this.metrics = metrics;
    }

    /** What one pass released. */
    public record Report(int abortedPayments, long releasedReservations) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        runner.run("payment-recovery", recover()).subscribe(
                report -> log.info("event=payment_recovery_on_start aborted={} released_reservations={}",
                        report.abortedPayments(), report.releasedReservations()),
                e -> log.warn("event=payment_recovery_failed error=\"{}\"", e.getMessage()));
    }

    @Scheduled(fixedDelayString = "${CLEANUP_EXPIRED_LOCKS_SECONDS:60}",
            initialDelayString = "${CLEANUP_EXPIRED_LOCKS_SECONDS:60}",
            timeUnit = java.util.concurrent.TimeUnit.SECONDS)
    void periodic() {
        runner.run("payment-recovery", recover()).subscribe(
                report -> {
                    if (report.abortedPayments() > 0 || report.releasedReservations() > 0) {
                        log.info("event=expired_locks_cleaned aborted={} released_reservations={}",
                                report.abortedPayments(), report.releasedReservations());
                    }
                },
                e -> log.warn("event=payment_recovery_failed error=\"{}\"", e.getMessage()));
    }

    /** Aborts abandoned payments and drops reservations nobody holds any more. */
    public Mono<Report> recover() {
        Duration abandonedAfter = settings.paymentTimeout().plus(PaymentService.RESERVATION_GRACE);
        String error = json.writeValueAsString(Map.of("code", "E007", "message",
                "Payment was interrupted before it finished and has been aborted", "details", Map.of()));

        Flux<String> aborted = db.sql("""
                        SELECT id, equivalent FROM transactions
                        WHERE type = 'PAYMENT' AND state NOT IN ('COMMITTED', 'ABORTED')
                          AND updated_at < now() - make_interval(secs => :seconds)
                        ORDER BY updated_at LIMIT 1000""")
                .bind("seconds", (double) abandonedAfter.toSeconds())
                .map((row, meta) -> new Object[] {row.get("id", UUID.class), row.get("equivalent", String.class)})
                .all()
                .concatMap(found -> ledger.abortIfUnfinished((UUID) found[0], error)
                        .filter(Boolean::booleanValue)
                        .map(state -> {
                            log.warn("event=payment_recovered_aborted id={} equivalent={}", found[0], found[1]);
                            routes.refresh((String) found[1]);
                            return (String) found[1];
                        }));

        Mono<Long> orphans = db.sql("""
                        DELETE FROM payment_reservations r
                        WHERE r.expires_at < now()
                          AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.tx_id = r.tx_id
                                          AND t.state IN ('PREPARE_IN_PROGRESS', 'PREPARED'))""")
                .fetch()
                .rowsUpdated();

        return aborted.count()
                .zipWith(orphans, (a, o) -> new Report(a.intValue(), o))
                .doOnNext(report -> {
                    metrics.recoveryEvent("recovery_pass", "success");
                    metrics.recoveryEvents("payment_abort", "success", report.abortedPayments());
                    metrics.recoveryEvents("reservations_release", "success", report.releasedReservations());
                })
                .doOnError(e -> metrics.recoveryEvent("recovery_pass", "error"));
    }
}
