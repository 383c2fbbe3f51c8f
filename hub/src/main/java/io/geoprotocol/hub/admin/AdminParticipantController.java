package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.web.ApiException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Participants as an operator sees them: listing, counts, moderation and per-participant metrics. */
@RestController
@RequestMapping(path = "/api/v1/admin/participants", produces = "application/json")
public class AdminParticipantController {

    private final DatabaseClient db;
    private final ParticipantModeration moderation;

    public AdminParticipantController(DatabaseClient db, ParticipantModeration moderation) {
        this.db = db;
        this.moderation = moderation;
    }

    public record Item(String pid, String displayName, String type, String status, int verificationLevel,
            OffsetDateTime createdAt) {
    }

    @GetMapping
    public Mono<Paging.Page<Item>> list(@RequestParam(required = false) String q,
            @RequestParam(required = false) String status, @RequestParam(required = false) String type,
            @RequestParam(required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage) {
        Paging paging = Paging.of(page, perPage, 20);
        StringBuilder where = new StringBuilder("TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        if (q != null && !q.isBlank()) {
            where.append(" AND (pid ILIKE :q OR display_name ILIKE :q)");
            params.put("q", "%" + q.trim().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (status != null && !status.isBlank()) {
            where.append(" AND status = :status");
            params.put("status", statusValue(status));
        }
        if (type != null && !type.isBlank()) {
            if (!List.of("person", "business", "hub").contains(type)) {
                return Mono.error(ApiException.validation("type must be person, business or hub"));
            }
            where.append(" AND type = :type");
            params.put("type", type);
        }

        var items = bind(db.sql("SELECT pid, display_name, type, status, verification_level, created_at "
                + "FROM participants WHERE " + where + " ORDER BY created_at, pid LIMIT :limit OFFSET :offset"), params)
                .bind("limit", paging.perPage())
                .bind("offset", paging.offset())
                .map((row, meta) -> new Item(row.get("pid", String.class), row.get("display_name", String.class),
                        row.get("type", String.class), row.get("status", String.class),
                        row.get("verification_level", Short.class), row.get("created_at", OffsetDateTime.class)))
                .all()
                .collectList();
        var total = bind(db.sql("SELECT count(*) AS n FROM participants WHERE " + where), params)
                .map((row, meta) -> row.get("n", Long.class))
                .one();
        return Mono.zip(items, total, paging::page);
    }

    /** Accepts the statuses by their stored names and by the words operators use. */
    static String statusValue(String status) {
        String s = status.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "frozen" -> "suspended";
            case "banned" -> "deleted";
            case "active", "suspended", "left", "deleted" -> s;
            default -> throw ApiException.validation("Unknown status: " + status);
        };
    }

    @GetMapping("/stats")
    public Mono<Map<String, Object>> stats() {
        var byStatus = counts("status");
        var byType = counts("type");
        return Mono.zip(byStatus, byType, (s, t) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("participants_by_status", s);
            body.put("participants_by_type", t);
            body.put("total_participants", s.values().stream().mapToLong(Long::longValue).sum());
            return body;
        });
    }

    private Mono<Map<String, Long>> counts(String column) {
        return db.sql("SELECT " + column + " AS k, count(*) AS n FROM participants GROUP BY " + column)
                .map((row, meta) -> Map.entry(row.get("k", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    @PostMapping(path = "/{pid}/freeze", consumes = "application/json")
    public Mono<ParticipantModeration.StatusView> freeze(@PathVariable String pid, @RequestBody JsonNode body,
            ServerWebExchange exchange) {
        return moderation.apply(pid, ParticipantModeration.Action.FREEZE, reason(body), exchange);
    }

    @PostMapping(path = "/{pid}/unfreeze", consumes = "application/json")
    public Mono<ParticipantModeration.StatusView> unfreeze(@PathVariable String pid, @RequestBody JsonNode body,
            ServerWebExchange exchange) {
        return moderation.apply(pid, ParticipantModeration.Action.UNFREEZE, reason(body), exchange);
    }

    @PostMapping(path = "/{pid}/ban", consumes = "application/json")
    public Mono<ParticipantModeration.StatusView> ban(@PathVariable String pid, @RequestBody JsonNode body,
            ServerWebExchange exchange) {
        return moderation.apply(pid, ParticipantModeration.Action.BAN, reason(body), exchange);
    }

    @PostMapping(path = "/{pid}/unban", consumes = "application/json")
    public Mono<ParticipantModeration.StatusView> unban(@PathVariable String pid, @RequestBody JsonNode body,
            ServerWebExchange exchange) {
        return moderation.apply(pid, ParticipantModeration.Action.UNBAN, reason(body), exchange);
    }

    static String reason(JsonNode body) {
        String reason = body == null ? null : AdminSettingsController.text(body, "reason");
        if (reason == null || reason.isBlank()) {
            throw ApiException.validation("reason is required", Map.of("field", "reason"));
        }
        return reason;
    }

    /** Per equivalent: net balance, credit given and received, debts both ways, and payment counts. */
    @GetMapping("/{pid}/metrics")
    public Mono<Map<String, Object>> metrics(@PathVariable String pid,
            @RequestParam(required = false) String equivalent) {
        Mono<String> participant = db.sql("SELECT status FROM participants WHERE pid = :pid")
                .bind("pid", pid)
                .map((row, meta) -> row.get("status", String.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Participant " + pid + " not found")));

        String eqFilter = equivalent == null ? "" : " AND e.code = :eq";
        var sql = db.sql("""
                SELECT e.code AS equivalent, e.precision,
                  (SELECT COALESCE(sum(amount), 0) FROM debts WHERE creditor = :pid AND equivalent = e.code) AS owed_to,
                  (SELECT COALESCE(sum(amount), 0) FROM debts WHERE debtor = :pid AND equivalent = e.code) AS owes,
                  (SELECT COALESCE(sum(credit_limit), 0) FROM trust_lines
                     WHERE from_pid = :pid AND equivalent = e.code AND status = 'active') AS credit_given,
                  (SELECT COALESCE(sum(credit_limit), 0) FROM trust_lines
                     WHERE to_pid = :pid AND equivalent = e.code AND status = 'active') AS credit_received,
                  (SELECT count(*) FROM trust_lines
                     WHERE (from_pid = :pid OR to_pid = :pid) AND equivalent = e.code AND status <> 'closed') AS lines,
                  (SELECT count(*) FROM transactions WHERE type = 'PAYMENT' AND initiator = :pid
                     AND equivalent = e.code AND state = 'COMMITTED') AS paid,
                  (SELECT count(*) FROM transactions WHERE type = 'PAYMENT' AND counterparty = :pid
                     AND equivalent = e.code AND state = 'COMMITTED') AS received,
                  (SELECT count(*) FROM transactions WHERE type = 'PAYMENT' AND initiator = :pid
                     AND equivalent = e.code AND state = 'ABORTED') AS aborted
                FROM equivalents e WHERE TRUE""" + eqFilter + " ORDER BY e.code")
                .bind("pid", pid);
        if (equivalent != null) {
            sql = sql.bind("eq", equivalent);
        }
        var rows = sql.map((row, meta) -> new EquivalentMetrics(row.get("equivalent", String.class),
                        row.get("precision", Integer.class), row.get("owed_to", BigDecimal.class),
                        row.get("owes", BigDecimal.class), row.get("credit_given", BigDecimal.class),
                        row.get("credit_received", BigDecimal.class), row.get("lines", Long.class),
                        row.get("paid", Long.class), row.get("received", Long.class), row.get("aborted", Long.class)))
                .all()
                .filter(m -> equivalent != null || m.active())
                .map(EquivalentMetrics::view)
                .collectList();

        return participant.zipWith(rows, (status, items) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pid", pid);
            body.put("status", status);
            body.put("equivalents", new ArrayList<>(items));
            return body;
        });
    }

    /** One equivalent of a participant's metrics; amounts are shown with the equivalent's precision. */
    private record EquivalentMetrics(String equivalent, int precision, BigDecimal owedTo, BigDecimal owes,
            BigDecimal creditGiven, BigDecimal creditReceived, long lines, long paid, long received, long aborted) {

        boolean active() {
            return creditGiven.signum() != 0 || creditReceived.signum() != 0 || owedTo.compareTo(owes) != 0
                    || lines > 0 || paid > 0 || received > 0;
        }

        Map<String, Object> view() {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("equivalent", equivalent);
            item.put("net_balance", Amounts.report(owedTo.subtract(owes), precision));
            item.put("owed_to_participant", Amounts.report(owedTo, precision));
            item.put("owed_by_participant", Amounts.report(owes, precision));
            item.put("credit_given", Amounts.report(creditGiven, precision));
            item.put("credit_received", Amounts.report(creditReceived, precision));
            item.put("trustlines", lines);
            item.put("payments_sent", paid);
            item.put("payments_received", received);
            item.put("payments_aborted", aborted);
            return item;
        }
    }

    static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, Map<String, Object> params) {
        for (var e : params.entrySet()) {
            spec = spec.bind(e.getKey(), e.getValue());
        }
        return spec;
    }
}
