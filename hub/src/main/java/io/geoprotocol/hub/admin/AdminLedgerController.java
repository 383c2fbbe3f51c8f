package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.trustlines.TrustLineRepository;
import io.geoprotocol.hub.trustlines.TrustLineView;
import io.geoprotocol.hub.web.ApiException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
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

/** Trust lines, bottlenecks, liquidity and stuck payments, with the operator's abort. */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = "application/json")
public class AdminLedgerController {

    /** Lines whose free part is at most {@code threshold} of the limit, tightest first. */
    private static final String BOTTLENECK = "t.status = 'active' AND t.credit_limit > 0"
            + " AND (t.credit_limit - COALESCE(d.amount, 0)) <= t.credit_limit * :threshold";
    private static final String TIGHTEST = "(t.credit_limit - COALESCE(d.amount, 0)) / t.credit_limit, t.id";

    private static final String STUCK = "type = 'PAYMENT' AND state NOT IN ('COMMITTED', 'ABORTED')"
            + " AND updated_at < now() - make_interval(secs => :sla)";
    private static final String TIMED_OUT = "type = 'PAYMENT' AND state = 'ABORTED' AND error->>'code' = 'E007'";

    private final DatabaseClient db;
    private final TrustLineRepository lines;
    private final RuntimeSettings runtime;
    private final TransactionAbort aborts;

    public AdminLedgerController(DatabaseClient db, TrustLineRepository lines, RuntimeSettings runtime,
            TransactionAbort aborts) {
        this.db = db;
        this.lines = lines;
        this.runtime = runtime;
        this.aborts = aborts;
    }

    @GetMapping("/trustlines")
    public Mono<Paging.Page<TrustLineView>> trustlines(@RequestParam(required = false) String equivalent,
            @RequestParam(required = false) String creditor, @RequestParam(required = false) String debtor,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage) {
        Paging paging = Paging.of(page, perPage, 20);
        StringBuilder where = new StringBuilder("TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        if (equivalent != null) {
            where.append(" AND t.equivalent = :eq");
            params.put("eq", equivalent);
        }
        if (creditor != null) {
            where.append(" AND t.from_pid = :creditor");
            params.put("creditor", creditor);
        }
        if (debtor != null) {
            where.append(" AND t.to_pid = :debtor");
            params.put("debtor", debtor);
        }
        if (status != null) {
            if (!List.of("active", "frozen", "closed").contains(status)) {
                return Mono.error(ApiException.validation("status must be active, frozen or closed"));
            }
            where.append(" AND t.status = :status");
            params.put("status", status);
        }
        var items = lines.search(where.toString(), params, "t.created_at DESC, t.id", paging.perPage(),
                        paging.offset())
                .map(TrustLineView::of)
                .collectList();
        var total = AdminParticipantController.bind(db.sql(
                        "SELECT count(*) AS n FROM trust_lines t WHERE " + where), params)
                .map((row, meta) -> row.get("n", Long.class))
                .one();
        return Mono.zip(items, total, paging::page);
    }

    @GetMapping("/trustlines/bottlenecks")
    public Mono<Map<String, Object>> bottlenecks(@RequestParam(defaultValue = "0.10") double threshold,
            @RequestParam(defaultValue = "10") int limit, @RequestParam(required = false) String equivalent) {
        checkRange(threshold, limit);
        return bottleneckLines(threshold, limit, equivalent)
                .map(items -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("threshold", threshold);
                    body.put("items", items);
                    return body;
                });
    }

    private Mono<List<TrustLineView>> bottleneckLines(double threshold, int limit, String equivalent) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("threshold", BigDecimal.valueOf(threshold));
        String where = BOTTLENECK;
        if (equivalent != null) {
            where += " AND t.equivalent = :eq";
            params.put("eq", equivalent);
        }
        return lines.search(where, params, TIGHTEST, limit, 0)
                .map(TrustLineView::of)
                .collectList();
    }

    /**
     * Limits, use and net positions per equivalent: amounts of different equivalents are never
     * added up. With {@code equivalent} the totals and top lists of that one equivalent are also
     * at the top level of the answer (the shape of the reference hub); without it they are only in
     * {@code by_equivalent}.
     */
    @GetMapping("/liquidity/summary")
    public Mono<Map<String, Object>> liquidity(@RequestParam(required = false) String equivalent,
            @RequestParam(defaultValue = "0.10") double threshold, @RequestParam(defaultValue = "10") int limit) {
        checkRange(threshold, limit);
        Map<String, Object> params = new LinkedHashMap<>();
        if (equivalent != null) {
            params.put("eq", equivalent);
        }

        var totals = AdminParticipantController.bind(db.sql("""
                        SELECT e.code, e.precision, count(t.id) AS lines,
                               COALESCE(sum(t.credit_limit), 0) AS total_limit,
                               COALESCE(sum(COALESCE(d.amount, 0)), 0) AS total_used
                        FROM equivalents e
                        LEFT JOIN trust_lines t ON t.equivalent = e.code AND t.status = 'active'
                        LEFT JOIN debts d ON d.debtor = t.to_pid AND d.creditor = t.from_pid
                          AND d.equivalent = t.equivalent
                        WHERE TRUE""" + (equivalent == null ? "" : " AND e.code = :eq")
                        + " GROUP BY e.code, e.precision ORDER BY e.code"), params)
                .map((row, meta) -> new EquivalentTotals(row.get("code", String.class),
                        row.get("precision", Integer.class), row.get("lines", Long.class),
                        row.get("total_limit", BigDecimal.class), row.get("total_used", BigDecimal.class)))
                .all()
                .collectList();
        Map<String, Object> netParams = new LinkedHashMap<>(params);
        netParams.put("limit", limit);
        var nets = AdminParticipantController.bind(db.sql("""
                        SELECT equivalent, pid, display_name, net FROM (
                            SELECT n.*,
                                   row_number() OVER (PARTITION BY equivalent ORDER BY net DESC, pid) AS creditor_rank,
                                   row_number() OVER (PARTITION BY equivalent ORDER BY net, pid) AS debtor_rank
                            FROM (
                                SELECT x.equivalent, p.pid, p.display_name, sum(x.delta) AS net FROM (
                                    SELECT creditor AS pid, amount AS delta, equivalent FROM debts
                                    UNION ALL SELECT debtor, -amount, equivalent FROM debts) x
                                JOIN participants p ON p.pid = x.pid
                                WHERE TRUE %s
                                GROUP BY x.equivalent, p.pid, p.display_name) n
                            WHERE n.net <> 0) r
                        WHERE (net > 0 AND creditor_rank <= :limit) OR (net < 0 AND debtor_rank <= :limit)
                        ORDER BY equivalent, net DESC, pid""".formatted(
                        equivalent == null ? "" : "AND x.equivalent = :eq")), netParams)
                .map((row, meta) -> new NetRow(row.get("equivalent", String.class), row.get("pid", String.class),
                        row.get("display_name", String.class), row.get("net", BigDecimal.class)))
                .all()
                .collectMultimap(NetRow::equivalent);
        var stuck = AdminParticipantController.bind(db.sql("SELECT equivalent, count(*) AS n FROM transactions"
                        + " WHERE " + STUCK + (equivalent == null ? "" : " AND equivalent = :eq")
                        + " GROUP BY equivalent"), params)
                .bind("sla", (double) runtime.intValue(RuntimeSettings.PAYMENT_TX_STUCK_TIMEOUT_SECONDS))
                .map((row, meta) -> Map.entry(String.valueOf(row.get("equivalent", String.class)),
                        row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);

        return Mono.zip(totals, nets, stuck, bottleneckLines(threshold, limit, equivalent))
                .flatMap(t -> {
                    if (equivalent != null && t.getT1().isEmpty()) {
                        return Mono.error(ApiException.notFound("Equivalent " + equivalent + " not found"));
                    }
                    List<Map<String, Object>> perEquivalent = t.getT1().stream()
                            .map(e -> e.view(t.getT2().getOrDefault(e.code(), List.of()),
                                    t.getT3().getOrDefault(e.code(), 0L)))
                            .toList();

                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("equivalent", equivalent);
                    body.put("threshold", threshold);
                    body.put("active_trustlines", t.getT1().stream().mapToLong(EquivalentTotals::lines).sum());
                    if (equivalent != null) {
                        Map<String, Object> only = perEquivalent.get(0);
                        for (String key : List.of("total_limit", "total_used", "total_available", "top_creditors",
                                "top_debtors")) {
                            body.put(key, only.get(key));
                        }
                    }
                    body.put("incidents_over_sla", t.getT3().values().stream().mapToLong(Long::longValue).sum());
                    body.put("by_equivalent", perEquivalent);
                    body.put("bottlenecks", t.getT4());
                    body.put("updated_at", OffsetDateTime.now().toString());
                    return Mono.just(body);
                });
    }

    /** Active lines of one equivalent: how many, their limits and what is used of them. */
    private record EquivalentTotals(String code, int precision, long lines, BigDecimal limit, BigDecimal used) {

        Map<String, Object> view(java.util.Collection<NetRow> nets, long stuck) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("equivalent", code);
            m.put("active_trustlines", lines);
            m.put("total_limit", Amounts.report(limit, precision));
            m.put("total_used", Amounts.report(used, precision));
            m.put("total_available", Amounts.report(limit.subtract(used), precision));
            m.put("incidents_over_sla", stuck);
            m.put("top_creditors", nets.stream().filter(n -> n.net().signum() > 0)
                    .sorted((a, b) -> b.net().compareTo(a.net())).map(n -> n.view(precision)).toList());
            m.put("top_debtors", nets.stream().filter(n -> n.net().signum() < 0)
                    .sorted((a, b) -> a.net().compareTo(b.net())).map(n -> n.view(precision)).toList());
            return m;
        }
    }

    private record NetRow(String equivalent, String pid, String displayName, BigDecimal net) {
        Map<String, Object> view(int precision) {
            return Map.of("pid", pid, "display_name", displayName, "net", Amounts.report(net, precision));
        }
    }

    private static String amount(BigDecimal amount, Integer precision) {
        return precision == null ? amount.toPlainString() : Amounts.report(amount, precision);
    }

    private static void checkRange(double threshold, int limit) {
        if (threshold < 0 || threshold > 1 || limit < 1 || limit > 50) {
            throw ApiException.validation("threshold must be within 0..1 and limit within 1..50");
        }
    }

    public record Incident(String txId, String kind, String state, String initiatorPid, String equivalent,
            String amount, long ageSeconds, int slaSeconds, OffsetDateTime createdAt, JsonNode error) {
    }

    /** Payments stuck in a non-final state beyond the SLA, and payments that ended by timeout. */
    @GetMapping("/incidents")
    public Mono<Paging.Page<Incident>> incidents(@RequestParam(required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage) {
        Paging paging = Paging.of(page, perPage, 20);
        int sla = runtime.intValue(RuntimeSettings.PAYMENT_TX_STUCK_TIMEOUT_SECONDS);
        String where = "(" + STUCK + ") OR (" + TIMED_OUT + ")";
        var items = db.sql("""
                        SELECT tx_id, state, initiator, equivalent, amount, created_at, error::text AS error,
                               extract(epoch FROM now() - updated_at)::bigint AS age,
                               (SELECT e.precision FROM equivalents e
                                WHERE e.code = transactions.equivalent) AS precision
                        FROM transactions WHERE\s""" + where
                        + " ORDER BY (state NOT IN ('COMMITTED', 'ABORTED')) DESC, updated_at DESC"
                        + " LIMIT :limit OFFSET :offset")
                .bind("sla", (double) sla)
                .bind("limit", paging.perPage())
                .bind("offset", paging.offset())
                .map((row, meta) -> {
                    String state = row.get("state", String.class);
                    BigDecimal amount = row.get("amount", BigDecimal.class);
                    String error = row.get("error", String.class);
                    return new Incident(row.get("tx_id", String.class),
                            state.equals("ABORTED") ? "timeout" : "stuck", state,
                            row.get("initiator", String.class), row.get("equivalent", String.class),
                            amount == null ? null : amount(amount, row.get("precision", Integer.class)),
                            row.get("age", Long.class), sla, row.get("created_at", OffsetDateTime.class),
                            error == null ? null : tools.jackson.databind.json.JsonMapper.shared().readTree(error));
                })
                .all()
                .collectList();
        var total = db.sql("SELECT count(*) AS n FROM transactions WHERE " + where)
                .bind("sla", (double) sla)
                .map((row, meta) -> row.get("n", Long.class))
                .one();
        return Mono.zip(items, total, paging::page);
    }

    @PostMapping(path = "/transactions/{txId}/abort", consumes = "application/json")
    public Mono<Map<String, String>> abort(@PathVariable String txId, @RequestBody JsonNode body,
            ServerWebExchange exchange) {
        return aborts.abort(txId, AdminParticipantController.reason(body), exchange);
    }
}
