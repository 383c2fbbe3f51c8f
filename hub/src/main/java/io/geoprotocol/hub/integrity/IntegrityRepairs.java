package io.geoprotocol.hub.integrity;

import io.geoprotocol.hub.admin.AuditLog;
import io.geoprotocol.hub.routing.GraphRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin repairs of the debt state. Each runs in one transaction with its audit records
 * ({@code audit_log} and one {@code integrity_audit_log} row per equivalent it changed), and takes
 * the ledger's locks in the ledger's order (trust lines of the pairs, both directions, by id; then
 * the debts) so it can run while payments and clearings do.
 */
@Component
public class IntegrityRepairs {

    private static final Logger log = LoggerFactory.getLogger(IntegrityRepairs.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AuditLog audit;
    private final IntegrityChecker checker;
    private final GraphRegistry graphs;
    private final JsonMapper json;

    public IntegrityRepairs(DatabaseClient db, TransactionalOperator tx, AuditLog audit, IntegrityChecker checker,
            GraphRegistry graphs, JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.audit = audit;
        this.checker = checker;
        this.graphs = graphs;
        this.json = json;
    }

    public record NetMutualResult(boolean ok, String action, int nettedPairs, int updated, int deleted) {
    }

    public record CapResult(boolean ok, String action, int scanned, int updated, int deleted) {
    }

    private record Debt(String equivalent, String debtor, String creditor, BigDecimal amount) {
        Debt reversed() {
            return new Debt(equivalent, creditor, debtor, null);
        }
    }

    /** Nets every pair owing each other both ways into one debt of the difference. */
    public Mono<NetMutualResult> netMutualDebts(ServerWebExchange exchange) {
        Mono<NetMutualResult> work = db.sql("""
                        SELECT a.equivalent, a.debtor, a.creditor FROM debts a JOIN debts b
                          ON a.debtor = b.creditor AND a.creditor = b.debtor AND a.equivalent = b.equivalent
                        WHERE a.debtor < a.creditor""")
                .map((row, meta) -> new Debt(row.get("equivalent", String.class), row.get("debtor", String.class),
                        row.get("creditor", String.class), null))
                .all()
                .collectList()
                .flatMap(pairs -> lockAndRead(pairs).flatMap(debts -> {
                    Set<String> equivalents = new TreeSet<>();
                    pairs.forEach(p -> equivalents.add(p.equivalent()));
                    return checksums(equivalents).flatMap(before -> {
                        List<Debt> updates = new ArrayList<>();
                        List<Debt> deletes = new ArrayList<>();
                        Map<String, Set<String>> affected = new LinkedHashMap<>();
                        int netted = 0;
                        for (Debt pair : pairs) {
                            BigDecimal ab = debts.get(key(pair));
                            BigDecimal ba = debts.get(key(pair.reversed()));
                            if (ab == null || ba == null) {
                                continue;
                            }
                            netted++;
                            affected.computeIfAbsent(pair.equivalent(), e -> new LinkedHashSet<>())
                                    .addAll(List.of(pair.debtor(), pair.creditor()));
                            int sign = ab.compareTo(ba);
                            if (sign >= 0) {
                                deletes.add(pair.reversed());
                            }
                            if (sign <= 0) {
                                deletes.add(pair);
                            }
                            if (sign > 0) {
                                updates.add(new Debt(pair.equivalent(), pair.debtor(), pair.creditor(),
                                        ab.subtract(ba)));
                            } else if (sign < 0) {
                                updates.add(new Debt(pair.equivalent(), pair.creditor(), pair.debtor(),
                                        ba.subtract(ab)));
                            }
                        }
                        NetMutualResult result = new NetMutualResult(true, "net-mutual-debts", netted,
                                updates.size(), deletes.size());
                        Map<String, Object> after = new LinkedHashMap<>();
                        after.put("affected_equivalents", List.copyOf(affected.keySet()));
                        after.put("netted_pairs", netted);
                        after.put("updated", updates.size());
                        after.put("deleted", deletes.size());
                        return write(updates, deletes)
                                .then(recordIntegrity("REPAIR_NET_MUTUAL_DEBTS", before, affected))
                                .then(audit.record(AuditLog.Entry.admin(exchange,
                                        "admin.integrity.repair.net_mutual_debts", "integrity", null, null,
                                        Map.of("mutual_pairs_found", pairs.size()), after)))
                                .thenReturn(Map.entry(result, affected.keySet()));
                    });
                }))
                .map(done -> {
                    done.getValue().forEach(graphs::refresh);
                    log.info("event=integrity_repaired action=net-mutual-debts netted_pairs={} equivalents={}",
                            done.getKey().nettedPairs(), done.getValue());
                    return done.getKey();
                });
        return work.as(tx::transactional);
    }

    /**
     * Lowers every debt above the limit of its line (creditor trusts debtor) to that limit; a
     * debt with no live line, or a zero limit, is removed.
     */
    public Mono<CapResult> capDebtsToTrustLimits(ServerWebExchange exchange) {
        Mono<Long> scanned = db.sql("SELECT count(*) AS n FROM debts")
                .map((row, meta) -> row.get("n", Long.class))
                .one();
        Mono<CapResult> work = scanned.flatMap(total -> db.sql("""
                        SELECT d.equivalent, d.debtor, d.creditor FROM debts d
                        LEFT JOIN trust_lines t ON t.from_pid = d.creditor AND t.to_pid = d.debtor
                          AND t.equivalent = d.equivalent AND t.status <> 'closed'
                        WHERE t.id IS NULL OR d.amount > t.credit_limit""")
                .map((row, meta) -> new Debt(row.get("equivalent", String.class), row.get("debtor", String.class),
                        row.get("creditor", String.class), null))
                .all()
                .collectList()
                .flatMap(over -> lockAndRead(over).flatMap(debts -> limits(over).flatMap(limits -> {
                    Set<String> equivalents = new TreeSet<>();
                    over.forEach(p -> equivalents.add(p.equivalent()));
                    return checksums(equivalents).flatMap(before -> {
                        List<Debt> updates = new ArrayList<>();
                        List<Debt> deletes = new ArrayList<>();
                        Map<String, Set<String>> affected = new LinkedHashMap<>();
                        for (Debt d : over) {
                            BigDecimal amount = debts.get(key(d));
                            BigDecimal limit = limits.getOrDefault(key(d), BigDecimal.ZERO);
                            if (amount == null || amount.compareTo(limit) <= 0) {
                                continue;
                            }
                            affected.computeIfAbsent(d.equivalent(), e -> new LinkedHashSet<>())
                                    .addAll(List.of(d.debtor(), d.creditor()));
                            if (limit.signum() == 0) {
                                deletes.add(d);
                            } else {
                                updates.add(new Debt(d.equivalent(), d.debtor(), d.creditor(), limit));
                            }
                        }
                        CapResult result = new CapResult(true, "cap-debts-to-trust-limits", total.intValue(),
                                updates.size(), deletes.size());
                        Map<String, Object> after = new LinkedHashMap<>();
                        after.put("affected_equivalents", List.copyOf(affected.keySet()));
                        after.put("scanned", total);
                        after.put("updated", updates.size());
                        after.put("deleted", deletes.size());
                        return write(updates, deletes)
                                .then(recordIntegrity("REPAIR_CAP_DEBTS_TO_TRUST_LIMITS", before, affected))
                                .then(audit.record(AuditLog.Entry.admin(exchange,
                                        "admin.integrity.repair.cap_debts_to_trust_limits", "integrity", null, null,
                                        Map.of("debts_scanned", total), after)))
                                .thenReturn(Map.entry(result, affected.keySet()));
                    });
                })))
                .map(done -> {
                    done.getValue().forEach(graphs::refresh);
                    log.info("event=integrity_repaired action=cap-debts-to-trust-limits updated={} deleted={}",
                            done.getKey().updated(), done.getKey().deleted());
                    return done.getKey();
                }));
        return work.as(tx::transactional);
    }

    private static String key(Debt d) {
        return d.equivalent() + "|" + d.debtor() + "|" + d.creditor();
    }

    /** Locks the lines of the pairs (both ways, by id), then reads their debts for update. */
    private Mono<Map<String, BigDecimal>> lockAndRead(List<Debt> pairs) {
        if (pairs.isEmpty()) {
            return Mono.just(Map.of());
        }
        List<Debt> both = new ArrayList<>(pairs);
        pairs.forEach(p -> both.add(p.reversed()));
        String[] eqs = both.stream().map(Debt::equivalent).toArray(String[]::new);
        String[] froms = both.stream().map(Debt::debtor).toArray(String[]::new);
        String[] tos = both.stream().map(Debt::creditor).toArray(String[]::new);

        Mono<Void> lines = db.sql("""
                        SELECT id FROM trust_lines WHERE status <> 'closed'
                          AND (equivalent, from_pid, to_pid) IN
                              (SELECT * FROM unnest(:eqs::varchar[], :froms::varchar[], :tos::varchar[]))
                        ORDER BY id
                        FOR UPDATE""")
                .bind("eqs", eqs)
                .bind("froms", froms)
                .bind("tos", tos)
                .map((row, meta) -> 1)
                .all()
                .then();
        Mono<Map<String, BigDecimal>> debts = db.sql("""
                        SELECT equivalent, debtor, creditor, amount FROM debts
                        WHERE (equivalent, debtor, creditor) IN
                              (SELECT * FROM unnest(:eqs::varchar[], :froms::varchar[], :tos::varchar[]))
                        ORDER BY equivalent, debtor, creditor
                        FOR UPDATE""")
                .bind("eqs", eqs)
                .bind("froms", froms)
                .bind("tos", tos)
                .map((row, meta) -> Map.entry(row.get("equivalent", String.class) + "|"
                        + row.get("debtor", String.class) + "|" + row.get("creditor", String.class),
                        row.get("amount", BigDecimal.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return lines.then(debts);
    }

    /** Limits of the live lines bounding these debts (creditor trusts debtor), by debt key. */
    private Mono<Map<String, BigDecimal>> limits(List<Debt> debts) {
        if (debts.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("""
                        SELECT equivalent, from_pid, to_pid, credit_limit FROM trust_lines WHERE status <> 'closed'
                          AND (equivalent, from_pid, to_pid) IN
                              (SELECT * FROM unnest(:eqs::varchar[], :froms::varchar[], :tos::varchar[]))""")
                .bind("eqs", debts.stream().map(Debt::equivalent).toArray(String[]::new))
                .bind("froms", debts.stream().map(Debt::creditor).toArray(String[]::new))
                .bind("tos", debts.stream().map(Debt::debtor).toArray(String[]::new))
                .map((row, meta) -> Map.entry(row.get("equivalent", String.class) + "|"
                        + row.get("to_pid", String.class) + "|" + row.get("from_pid", String.class),
                        row.get("credit_limit", BigDecimal.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Void> write(List<Debt> updates, List<Debt> deletes) {
        Mono<Void> up = updates.isEmpty() ? Mono.empty() : db.sql("""
                        INSERT INTO debts (equivalent, debtor, creditor, amount, updated_at)
                        SELECT u.eq, u.debtor, u.creditor, u.amount::numeric, now()
                        FROM unnest(:eqs::varchar[], :debtors::varchar[], :creditors::varchar[], :amounts::text[])
                            AS u(eq, debtor, creditor, amount)
                        ON CONFLICT (debtor, creditor, equivalent)
                        DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()""")
                .bind("eqs", updates.stream().map(Debt::equivalent).toArray(String[]::new))
                .bind("debtors", updates.stream().map(Debt::debtor).toArray(String[]::new))
                .bind("creditors", updates.stream().map(Debt::creditor).toArray(String[]::new))
                .bind("amounts", updates.stream().map(d -> d.amount().toPlainString()).toArray(String[]::new))
                .then();
        Mono<Void> down = deletes.isEmpty() ? Mono.empty() : db.sql("""
                        DELETE FROM debts WHERE (equivalent, debtor, creditor) IN
                            (SELECT * FROM unnest(:eqs::varchar[], :debtors::varchar[], :creditors::varchar[]))""")
                .bind("eqs", deletes.stream().map(Debt::equivalent).toArray(String[]::new))
                .bind("debtors", deletes.stream().map(Debt::debtor).toArray(String[]::new))
                .bind("creditors", deletes.stream().map(Debt::creditor).toArray(String[]::new))
                .then();
        return down.then(up);
    }

    private Mono<Map<String, String>> checksums(Set<String> equivalents) {
        return Flux.fromIterable(equivalents)
                .concatMap(checker::check)
                .collectMap(EquivalentCheck::equivalent, EquivalentCheck::checksum);
    }

    /** One integrity_audit_log row per equivalent the repair changed, with the state after it. */
    private Mono<Void> recordIntegrity(String operation, Map<String, String> before,
            Map<String, Set<String>> affected) {
        return Flux.fromIterable(affected.entrySet())
                .concatMap(entry -> checker.check(entry.getKey()).flatMap(after -> db.sql("""
                                INSERT INTO integrity_audit_log (operation_type, equivalent, checksum_before,
                                    checksum_after, affected_participants, invariants_checked, verification_passed)
                                VALUES (:op, :eq, :before, :after, :participants::jsonb, :invariants::jsonb,
                                    :passed)""")
                        .bind("op", operation)
                        .bind("eq", entry.getKey())
                        .bind("before", before.get(entry.getKey()))
                        .bind("after", after.checksum())
                        .bind("participants", json.writeValueAsString(entry.getValue()))
                        .bind("invariants", json.writeValueAsString(after.invariants()))
                        .bind("passed", after.healthy())
                        .then()))
                .then();
    }
}
