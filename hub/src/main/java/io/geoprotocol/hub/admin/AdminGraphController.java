package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.web.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The trust graph for operators' views: whole, around one participant, and its debt cycles. */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = "application/json")
public class AdminGraphController {

    private static final int MAX_LINES = 20_000;

    private final DatabaseClient db;
    private final CycleSource cycles;
    private final RuntimeSettings runtime;

    public AdminGraphController(DatabaseClient db, ObjectProvider<CycleSource> cycles, RuntimeSettings runtime) {
        this.db = db;
        this.cycles = cycles.getIfAvailable(() -> new DebtCycleSearch(db));
        this.runtime = runtime;
    }

    private record Line(String id, String from, String to, String equivalent, int precision, BigDecimal limit,
            BigDecimal debt, String status) {
        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("from", from);
            m.put("to", to);
            m.put("equivalent", equivalent);
            m.put("limit", Amounts.report(limit, precision));
            m.put("used", Amounts.report(debt, precision));
            m.put("available", Amounts.report(limit.subtract(debt).max(BigDecimal.ZERO), precision));
            m.put("status", status);
            return m;
        }
    }

    @GetMapping("/graph/snapshot")
    public Mono<Map<String, Object>> snapshot(@RequestParam(required = false) String equivalent,
            @RequestParam(required = false) String include) {
        return lines(equivalent, null, List.of("active", "frozen"))
                .flatMap(found -> render(found, equivalent, include, null));
    }

    @GetMapping("/graph/ego")
    public Mono<Map<String, Object>> ego(@RequestParam String pid, @RequestParam(defaultValue = "1") int depth,
            @RequestParam(required = false) String equivalent,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String include) {
        if (depth != 1 && depth != 2) {
            return Mono.error(ApiException.validation("depth must be 1 or 2"));
        }
        List<String> statuses = status == null || status.isEmpty() ? List.of("active", "frozen") : status;
        return db.sql("SELECT 1 FROM participants WHERE pid = :pid")
                .bind("pid", pid)
                .map((row, meta) -> 1)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Participant " + pid + " not found")))
                .then(lines(equivalent, Set.of(pid), statuses))
                .flatMap(first -> {
                    if (depth == 1) {
                        return Mono.just(first);
                    }
                    Set<String> ring = new HashSet<>();
                    first.forEach(l -> {
                        ring.add(l.from());
                        ring.add(l.to());
                    });
                    return lines(equivalent, ring, statuses);
                })
                .flatMap(found -> render(found, equivalent, include, pid));
    }

    private Mono<List<Line>> lines(String equivalent, Set<String> around, List<String> statuses) {
        StringBuilder sql = new StringBuilder("""
                SELECT t.id::text AS id, t.from_pid, t.to_pid, t.equivalent, e.precision, t.credit_limit, t.status,
                       COALESCE(d.amount, 0) AS debt
                FROM trust_lines t
                JOIN equivalents e ON e.code = t.equivalent
                LEFT JOIN debts d ON d.debtor = t.to_pid AND d.creditor = t.from_pid AND d.equivalent = t.equivalent
                WHERE t.status = ANY(:statuses)""");
        if (equivalent != null) {
            sql.append(" AND t.equivalent = :eq");
        }
        if (around != null) {
            sql.append(" AND (t.from_pid = ANY(:pids) OR t.to_pid = ANY(:pids))");
        }
        sql.append(" ORDER BY t.equivalent, t.from_pid, t.to_pid LIMIT ").append(MAX_LINES);
        var spec = db.sql(sql.toString()).bind("statuses", statuses.toArray(String[]::new));
        if (equivalent != null) {
            spec = spec.bind("eq", equivalent);
        }
        if (around != null) {
            spec = spec.bind("pids", around.toArray(String[]::new));
        }
        return spec.map((row, meta) -> new Line(row.get("id", String.class), row.get("from_pid", String.class),
                        row.get("to_pid", String.class), row.get("equivalent", String.class),
                        row.get("precision", Integer.class), row.get("credit_limit", BigDecimal.class),
                        row.get("debt", BigDecimal.class),
                        row.get("status", String.class)))
                .all()
                .collectList();
    }

    private Mono<Map<String, Object>> render(List<Line> found, String equivalent, String include, String center) {
        Set<String> pids = new HashSet<>();
        found.forEach(l -> {
            pids.add(l.from());
            pids.add(l.to());
        });
        if (center != null) {
            pids.add(center);
        }
        Mono<List<Map<String, Object>>> participants = db.sql("""
                        SELECT pid, display_name, type, status FROM participants WHERE pid = ANY(:pids)
                        ORDER BY pid""")
                .bind("pids", pids.toArray(String[]::new))
                .map((row, meta) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("pid", row.get("pid", String.class));
                    m.put("display_name", row.get("display_name", String.class));
                    m.put("type", row.get("type", String.class));
                    m.put("status", row.get("status", String.class));
                    return m;
                })
                .all()
                .collectList();
        Set<String> extras = include == null ? Set.of() : Set.of(include.split(","));

        return participants.flatMap(people -> extras(extras).map(more -> {
            Map<String, Object> body = new LinkedHashMap<>();
            if (center != null) {
                body.put("pid", center);
            }
            body.put("equivalent", equivalent);
            body.put("participants", people);
            body.put("trustlines", found.stream().map(Line::view).toList());
            body.put("truncated", found.size() >= MAX_LINES);
            body.put("generated_at", Instant.now().toString());
            body.putAll(more);
            return body;
        }));
    }

    private Mono<Map<String, Object>> extras(Set<String> wanted) {
        Map<String, Object> more = new LinkedHashMap<>();
        Mono<Void> work = Mono.empty();
        if (wanted.contains("transactions")) {
            work = work.then(recent("""
                    SELECT t.tx_id, t.type, t.state, t.initiator, t.counterparty, t.equivalent, t.amount, e.precision,
                           t.created_at
                    FROM transactions t LEFT JOIN equivalents e ON e.code = t.equivalent
                    ORDER BY t.created_at DESC LIMIT 50""", more, "transactions"));
        }
        if (wanted.contains("audit_log")) {
            work = work.then(recent("""
                    SELECT id::text AS id, occurred_at, action, object_type, object_id, reason
                    FROM audit_log ORDER BY occurred_at DESC LIMIT 50""", more, "audit_log"));
        }
        if (wanted.contains("incidents")) {
            work = work.then(db.sql("""
                            SELECT tx_id, state, initiator, equivalent, created_at FROM transactions
                            WHERE type = 'PAYMENT' AND state NOT IN ('COMMITTED', 'ABORTED')
                              AND updated_at < now() - make_interval(secs => :sla)
                            ORDER BY updated_at LIMIT 50""")
                    .bind("sla", (double) runtime.intValue(RuntimeSettings.PAYMENT_TX_STUCK_TIMEOUT_SECONDS))
                    .fetch().all().map(AdminGraphController::plainRow).collectList()
                    .doOnNext(rows -> more.put("incidents", rows)).then());
        }
        return work.thenReturn(more);
    }

    private Mono<Void> recent(String sql, Map<String, Object> into, String key) {
        return db.sql(sql).fetch().all().map(AdminGraphController::plainRow).collectList()
                .doOnNext(rows -> into.put(key, rows)).then();
    }

    /** Times as instants; an {@code amount} with its equivalent's {@code precision} (which is not shown). */
    private static Map<String, Object> plainRow(Map<String, Object> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        row.forEach((k, v) -> m.put(k, v instanceof OffsetDateTime t ? t.toInstant().toString() : v));
        Object precision = m.remove("precision");
        if (m.get("amount") instanceof BigDecimal amount) {
            m.put("amount", precision instanceof Number p ? Amounts.report(amount, p.intValue())
                    : amount.toPlainString());
        }
        return m;
    }

    @GetMapping("/clearing/cycles")
    public Mono<Map<String, Object>> clearingCycles(
            @RequestParam(name = "participant_pid", required = false) String participantPid,
            @RequestParam(required = false) String equivalent,
            @RequestParam(name = "max_depth", defaultValue = "6") int maxDepth) {
        if (maxDepth < 3 || maxDepth > 10) {
            return Mono.error(ApiException.validation("max_depth must be between 3 and 10"));
        }
        return cycles.find(equivalent, participantPid, maxDepth, 200)
                .map(found -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("equivalent", equivalent);
                    body.put("participant_pid", participantPid);
                    body.put("max_depth", maxDepth);
                    body.put("cycles", new ArrayList<>(found));
                    return body;
                });
    }
}
