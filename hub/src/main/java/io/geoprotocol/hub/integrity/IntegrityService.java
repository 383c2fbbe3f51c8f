package io.geoprotocol.hub.integrity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the invariant checks over one or every equivalent, keeps the integrity metrics current,
 * and writes checkpoints and verification records. Shared by the API, the periodic check and the
 * {@code check-integrity} command.
 */
public class IntegrityService {

    private static final Logger log = LoggerFactory.getLogger(IntegrityService.class);

    private final IntegrityChecker checker;
    private final LedgerMetrics metrics;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    public IntegrityService(IntegrityChecker checker, LedgerMetrics metrics, DatabaseClient db, JsonMapper json,
            Clock clock) {
        this.checker = checker;
        this.metrics = metrics;
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /** The outcome of checking one or every equivalent. */
    public record Report(String status, Instant checkedAt, List<EquivalentCheck> checks,
            Map<String, Instant> lastVerified, List<String> alerts) {

        public boolean healthy() {
            return EquivalentCheck.HEALTHY.equals(status);
        }
    }

    public IntegrityChecker checker() {
        return checker;
    }

    /**
     * Checks {@code only} (or every equivalent), optionally writing a checkpoint of each. Empty
     * when {@code only} names no equivalent.
     */
    public Mono<Report> check(Optional<String> only, boolean writeCheckpoints) {
        Instant checkedAt = clock.instant();
        long started = System.nanoTime();
        Flux<String> equivalents = only.isPresent()
                ? checker.exists(only.get()).filter(Boolean::booleanValue).map(x -> only.get()).flux()
                : checker.equivalents();
        Mono<Report> report = equivalents
                .concatMap(eq -> checker.check(eq)
                        .flatMap(check -> (writeCheckpoints
                                ? checker.writeCheckpoint(check).map(IntegrityChecker.Checkpoint::createdAt)
                                : checker.latestCheckpoint(eq).map(IntegrityChecker.Checkpoint::createdAt))
                                .map(Optional::of)
                                .defaultIfEmpty(Optional.empty())
                                .map(at -> Map.entry(check, at))))
                .collectList()
                .flatMap(entries -> {
                    if (only.isPresent() && entries.isEmpty()) {
                        return Mono.empty();
                    }
                    List<EquivalentCheck> checks = new ArrayList<>();
                    Map<String, Instant> verified = new LinkedHashMap<>();
                    for (var entry : entries) {
                        checks.add(entry.getKey());
                        entry.getValue().ifPresent(at -> verified.put(entry.getKey().equivalent(), at));
                    }
                    if (only.isEmpty()) {
                        metrics.integrityChecked(checks, Duration.ofNanos(System.nanoTime() - started));
                    }
                    return checker.newestCheckpointTime()
                            .doOnNext(metrics::checkpointAt)
                            .then(Mono.just(report(checkedAt, checks, verified)));
                })
                .doOnError(e -> metrics.integrityCheckFailed());
        return report;
    }

    /** Checks, writes checkpoints and records the verification in {@code integrity_audit_log}. */
    public Mono<Report> verify(Optional<String> only) {
        return check(only, true)
                .flatMap(report -> Flux.fromIterable(report.checks())
                        .concatMap(check -> recordVerification(check, report.checkedAt()))
                        .then(Mono.just(report)));
    }

    /** The periodic check: every equivalent, with checkpoints; logs what it found. */
    public Mono<Report> periodic() {
        return check(Optional.empty(), true)
                .doOnNext(report -> {
                    if (report.healthy()) {
                        log.info("event=integrity_checked status=healthy equivalents={}", report.checks().size());
                    } else {
                        log.warn("event=integrity_checked status={} alerts=\"{}\"", report.status(),
                                String.join("; ", report.alerts()));
                    }
                });
    }

    private Mono<Void> recordVerification(EquivalentCheck check, Instant checkedAt) {
        Map<String, Object> error = null;
        if (!check.healthy()) {
            error = new LinkedHashMap<>();
            error.put("status", check.status());
            error.put("checked_at", checkedAt.toString());
            error.put("alerts", check.alerts());
        }
        var spec = db.sql("""
                        INSERT INTO integrity_audit_log (operation_type, equivalent, checksum_before, checksum_after,
                            affected_participants, invariants_checked, verification_passed, error_details)
                        VALUES ('INTEGRITY_VERIFY', :eq, :checksum, :checksum, '[]'::jsonb, :invariants::jsonb,
                            :passed, :error::jsonb)""")
                .bind("eq", check.equivalent())
                .bind("checksum", check.checksum())
                .bind("invariants", json.writeValueAsString(check.invariants()))
                .bind("passed", check.healthy());
        spec = error == null
                ? spec.bindNull("error", String.class)
                : spec.bind("error", json.writeValueAsString(error));
        return spec.then();
    }

    static Report report(Instant checkedAt, List<EquivalentCheck> checks, Map<String, Instant> verified) {
        String status = EquivalentCheck.HEALTHY;
        List<String> alerts = new ArrayList<>();
        for (EquivalentCheck check : checks) {
            status = worse(status, check.status());
            alerts.addAll(check.alerts());
        }
        return new Report(status, checkedAt, checks, verified, alerts);
    }

    private static String worse(String a, String b) {
        List<String> order = List.of(EquivalentCheck.HEALTHY, EquivalentCheck.WARNING, EquivalentCheck.CRITICAL);
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }
}
