package io.geoprotocol.hub.clearing;

import io.geoprotocol.hub.money.Amounts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database side of clearing. Each application is one transaction that takes the same locks
 * as a payment, in the same order (the trust lines of every pair it touches, both directions,
 * by id, then the debts), so clearing and payments never deadlock. Under those locks it re-reads
 * the debts, works out again how much may go, writes, checks that no participant's net balance
 * moved, and records a CLEARING transaction; any doubt rolls the whole of it back.
 */
public class ClearingStore {

    private static final String LOCK_LINES = """
            SELECT from_pid, to_pid, credit_limit, status, auto_clearing FROM trust_lines
            WHERE equivalent = :eq AND status <> 'closed'
              AND (from_pid, to_pid) IN (SELECT * FROM unnest(:froms::varchar[], :tos::varchar[]))
            ORDER BY id
            FOR UPDATE""";

    private static final String READ_DEBTS = """
            SELECT debtor, creditor, amount FROM debts
            WHERE equivalent = :eq
              AND (debtor, creditor) IN (SELECT * FROM unnest(:froms::varchar[], :tos::varchar[]))
            ORDER BY debtor, creditor
            FOR UPDATE""";

    private static final String READ_RESERVED = """
            SELECT payer, payee, sum(amount) AS amount FROM payment_reservations
            WHERE equivalent = :eq AND expires_at > now()
              AND (payer, payee) IN (SELECT * FROM unnest(:froms::varchar[], :tos::varchar[]))
            GROUP BY payer, payee""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;

    public ClearingStore(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.json = json;
    }

    /** The precision of an equivalent, or empty when it does not exist. */
    public Mono<Integer> precision(String equivalent) {
        return db.sql("SELECT precision FROM equivalents WHERE code = :eq")
                .bind("eq", equivalent)
                .map((row, meta) -> row.get("precision", Integer.class))
                .one();
    }

    /** Codes of the equivalents that have debts, in order. */
    public Flux<String> equivalentsWithDebts() {
        return db.sql("SELECT DISTINCT equivalent FROM debts ORDER BY equivalent")
                .map((row, meta) -> row.get("equivalent", String.class))
                .all();
    }

    /**
     * Every debt of an equivalent, marked clearable when the line bounding it (creditor trusts
     * debtor) is live and allows auto-clearing.
     */
    public Mono<DebtGraph> loadGraph(String equivalent, int precision) {
        return db.sql("""
                        SELECT d.debtor, d.creditor, d.amount, COALESCE(t.auto_clearing, FALSE) AS clearable
                        FROM debts d
                        LEFT JOIN trust_lines t ON t.from_pid = d.creditor AND t.to_pid = d.debtor
                          AND t.equivalent = d.equivalent AND t.status <> 'closed'
                        WHERE d.equivalent = :eq""")
                .bind("eq", equivalent)
                .map((row, meta) -> new DebtEdge(row.get("debtor", String.class), row.get("creditor", String.class),
                        Amounts.toMinor(row.get("amount", BigDecimal.class), precision),
                        Boolean.TRUE.equals(row.get("clearable", Boolean.class))))
                .all()
                .collectList()
                .map(DebtGraph::of);
    }

    /** One cleared cycle or set-off batch, as stored. */
    public record Applied(String txId, List<DebtCycle> cycles, long totalRemoved, Map<DebtKey, Long> newDebts) {
    }

    /**
     * Clears one cycle by the smallest of its debts as they are now (and no further than keeps
     * every payment in flight able to finish). Empty when nothing can be cleared any more.
     */
    public Mono<Applied> applyCycle(String equivalent, int precision, DebtCycle cycle, String trigger) {
        List<DebtKey> edges = cycle.edges();
        Mono<Applied> work = lockAndRead(equivalent, precision, edges)
                .flatMap(state -> {
                    long amount = Long.MAX_VALUE;
                    for (DebtKey edge : edges) {
                        amount = Math.min(amount, state.removable(edge));
                    }
                    if (amount <= 0) {
                        return Mono.empty();
                    }
                    DebtCycle now = new DebtCycle(cycle.participants(), amount);
                    Map<DebtKey, Long> newDebts = new LinkedHashMap<>();
                    for (DebtKey edge : edges) {
                        newDebts.put(edge, state.debt(edge) - amount);
                    }
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("mode", "cycles");
                    payload.put("trigger", trigger);
                    payload.put("amount", Amounts.fromMinor(amount, precision).toPlainString());
                    payload.put("cycle", edgeRecords(edges, state, newDebts, precision));
                    return write(equivalent, precision, state, newDebts, List.of(now), amount, now.debtRemoved(),
                            payload);
                });
        return work.as(tx::transactional);
    }

    /**
     * Applies the optimal set-off of the debts among these pairs in one transaction: the set-off
     * is computed again on the debts as they are under the locks, so what is applied is always a
     * circulation of current debts. Empty when nothing can be removed.
     */
    public Mono<Applied> applySetOff(String equivalent, int precision, Collection<DebtKey> candidates,
            String trigger) {
        List<DebtKey> edges = List.copyOf(new LinkedHashSet<>(candidates));
        Mono<Applied> work = lockAndRead(equivalent, precision, edges)
                .flatMap(state -> {
                    DebtGraph graph = new DebtGraph();
                    for (DebtKey edge : edges) {
                        long debt = state.debt(edge);
                        if (debt > 0) {
                            // Only debts that may go entirely take part, so any amount is safe.
                            graph.setDebt(edge.debtor(), edge.creditor(), debt, state.removable(edge) == debt);
                        }
                    }
                    SetOffResult result = new OptimalSetOff().compute(graph);
                    if (result.totalRemoved() == 0) {
                        return Mono.<Applied>empty();
                    }
                    Map<DebtKey, Long> newDebts = new LinkedHashMap<>();
                    List<DebtKey> changed = new ArrayList<>();
                    for (Reduction r : result.reductions()) {
                        DebtKey key = new DebtKey(r.debtor(), r.creditor());
                        newDebts.put(key, r.after());
                        changed.add(key);
                    }
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("mode", "optimal");
                    payload.put("trigger", trigger);
                    payload.put("total_removed", Amounts.fromMinor(result.totalRemoved(), precision).toPlainString());
                    payload.put("reductions", edgeRecords(changed, state, newDebts, precision));
                    payload.put("cycles", cycleRecords(result.cycles(), precision));
                    return write(equivalent, precision, state, newDebts, result.cycles(), result.totalRemoved(),
                            result.totalRemoved(), payload);
                });
        return work.as(tx::transactional);
    }

    private Mono<Applied> write(String equivalent, int precision, LockedState state, Map<DebtKey, Long> newDebts,
            List<DebtCycle> cycles, long txAmount, long removed, Map<String, Object> payload) {
        Map<String, BigDecimal> netBefore = state.netOfLockedPairs();
        String txId = "clr-" + UUID.randomUUID();
        Set<String> involved = new LinkedHashSet<>();
        newDebts.keySet().forEach(k -> {
            involved.add(k.debtor());
            involved.add(k.creditor());
        });

        return writeDebts(equivalent, precision, newDebts)
                .then(readDebts(equivalent, state.pairs, precision, false))
                .flatMap(after -> {
                    Map<String, BigDecimal> netAfter = LockedState.net(after);
                    if (!sameNet(netBefore, netAfter)) {
                        return Mono.error(new IllegalStateException(
                                "clearing would change a net balance; rolled back (equivalent " + equivalent + ")"));
                    }
                    return insertTransaction(txId, equivalent, precision, txAmount, payload, involved);
                })
                .thenReturn(new Applied(txId, cycles, removed, newDebts));
    }

    private static boolean sameNet(Map<String, BigDecimal> before, Map<String, BigDecimal> after) {
        Set<String> pids = new LinkedHashSet<>(before.keySet());
        pids.addAll(after.keySet());
        for (String pid : pids) {
            BigDecimal b = before.getOrDefault(pid, BigDecimal.ZERO);
            BigDecimal a = after.getOrDefault(pid, BigDecimal.ZERO);
            if (a.compareTo(b) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Debts, limits, policies and reservations of the locked pairs. */
    static final class LockedState {
        final List<DebtKey> pairs;
        final int precision;
        final Map<DebtKey, BigDecimal> debts = new HashMap<>();
        final Map<DebtKey, BigDecimal> limits = new HashMap<>();
        final Map<DebtKey, String> status = new HashMap<>();
        final Map<DebtKey, Boolean> autoClearing = new HashMap<>();
        final Map<DebtKey, BigDecimal> reserved = new HashMap<>();

        LockedState(List<DebtKey> pairs, int precision) {
            this.pairs = pairs;
            this.precision = precision;
        }

        long debt(DebtKey edge) {
            return Amounts.toMinor(debts.getOrDefault(edge, BigDecimal.ZERO), precision);
        }

        /**
         * How much of this debt may be cleared now: none unless its line (creditor trusts
         * debtor) is live and allows auto-clearing; and no more than keeps the capacity the
         * creditor's payments in flight hold towards the debtor (they count on paying that debt
         * back first), which is limit(debtor trusts creditor) + debt - debt back - reserved.
         */
        long removable(DebtKey edge) {
            DebtKey line = new DebtKey(edge.creditor(), edge.debtor());
            if (!Boolean.TRUE.equals(autoClearing.get(line))) {
                return 0;
            }
            long debt = debt(edge);
            DebtKey reverseLine = new DebtKey(edge.debtor(), edge.creditor());
            BigDecimal reverseLimit = "active".equals(status.get(reverseLine))
                    ? limits.getOrDefault(reverseLine, BigDecimal.ZERO) : BigDecimal.ZERO;
            long owedBack = debt(new DebtKey(edge.creditor(), edge.debtor()));
            long held = Amounts.toMinor(reserved.getOrDefault(new DebtKey(edge.creditor(), edge.debtor()),
                    BigDecimal.ZERO), precision);
            long slack = Amounts.toMinor(reverseLimit, precision) - owedBack - held;
            return Math.max(0, Math.min(debt, debt + slack));
        }

        Map<String, BigDecimal> netOfLockedPairs() {
            return net(debts);
        }

        /** Net position of each participant over these debts only (what others owe it minus what it owes). */
        static Map<String, BigDecimal> net(Map<DebtKey, BigDecimal> debts) {
            Map<String, BigDecimal> net = new HashMap<>();
            debts.forEach((k, amount) -> {
                net.merge(k.creditor(), amount, BigDecimal::add);
                net.merge(k.debtor(), amount.negate(), BigDecimal::add);
            });
            return net;
        }
    }

    private Mono<LockedState> lockAndRead(String equivalent, int precision, List<DebtKey> edges) {
        Set<DebtKey> both = new LinkedHashSet<>();
        for (DebtKey edge : edges) {
            both.add(edge);
            both.add(new DebtKey(edge.creditor(), edge.debtor()));
        }
        List<DebtKey> pairs = List.copyOf(both);
        String[] froms = pairs.stream().map(DebtKey::debtor).toArray(String[]::new);
        String[] tos = pairs.stream().map(DebtKey::creditor).toArray(String[]::new);
        LockedState state = new LockedState(pairs, precision);

        Mono<Void> lines = db.sql(LOCK_LINES)
                .bind("eq", equivalent)
                .bind("froms", froms)
                .bind("tos", tos)
                .map((row, meta) -> {
                    DebtKey line = new DebtKey(row.get("from_pid", String.class), row.get("to_pid", String.class));
                    state.limits.put(line, row.get("credit_limit", BigDecimal.class));
                    state.status.put(line, row.get("status", String.class));
                    state.autoClearing.put(line, row.get("auto_clearing", Boolean.class));
                    return 1;
                })
                .all()
                .then();
        Mono<Void> reserved = db.sql(READ_RESERVED)
                .bind("eq", equivalent)
                .bind("froms", froms)
                .bind("tos", tos)
                .map((row, meta) -> {
                    state.reserved.put(new DebtKey(row.get("payer", String.class), row.get("payee", String.class)),
                            row.get("amount", BigDecimal.class));
                    return 1;
                })
                .all()
                .then();
        return lines
                .then(readDebts(equivalent, pairs, precision, true))
                .doOnNext(state.debts::putAll)
                .then(reserved)
                .thenReturn(state);
    }

    private Mono<Map<DebtKey, BigDecimal>> readDebts(String equivalent, List<DebtKey> pairs, int precision,
            boolean lock) {
        String sql = lock ? READ_DEBTS : READ_DEBTS.replace("FOR UPDATE", "");
        return db.sql(sql)
                .bind("eq", equivalent)
                .bind("froms", pairs.stream().map(DebtKey::debtor).toArray(String[]::new))
                .bind("tos", pairs.stream().map(DebtKey::creditor).toArray(String[]::new))
                .map((row, meta) -> Map.entry(new DebtKey(row.get("debtor", String.class),
                        row.get("creditor", String.class)), row.get("amount", BigDecimal.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Void> writeDebts(String equivalent, int precision, Map<DebtKey, Long> newDebts) {
        List<String> upDebtors = new ArrayList<>();
        List<String> upCreditors = new ArrayList<>();
        List<String> upAmounts = new ArrayList<>();
        List<String> goneDebtors = new ArrayList<>();
        List<String> goneCreditors = new ArrayList<>();
        newDebts.forEach((key, amount) -> {
            if (amount > 0) {
                upDebtors.add(key.debtor());
                upCreditors.add(key.creditor());
                upAmounts.add(Amounts.fromMinor(amount, precision).toPlainString());
            } else {
                goneDebtors.add(key.debtor());
                goneCreditors.add(key.creditor());
            }
        });

        Mono<Void> updates = upDebtors.isEmpty() ? Mono.empty() : db.sql("""
                        UPDATE debts d SET amount = u.amount::numeric, updated_at = now()
                        FROM unnest(:debtors::varchar[], :creditors::varchar[], :amounts::text[])
                            AS u(debtor, creditor, amount)
                        WHERE d.equivalent = :eq AND d.debtor = u.debtor AND d.creditor = u.creditor""")
                .bind("eq", equivalent)
                .bind("debtors", upDebtors.toArray(String[]::new))
                .bind("creditors", upCreditors.toArray(String[]::new))
                .bind("amounts", upAmounts.toArray(String[]::new))
                .then();
        Mono<Void> deletes = goneDebtors.isEmpty() ? Mono.empty() : db.sql("""
                        DELETE FROM debts WHERE equivalent = :eq
                          AND (debtor, creditor) IN
                              (SELECT * FROM unnest(:debtors::varchar[], :creditors::varchar[]))""")
                .bind("eq", equivalent)
                .bind("debtors", goneDebtors.toArray(String[]::new))
                .bind("creditors", goneCreditors.toArray(String[]::new))
                .then();
        return updates.then(deletes);
    }

    private Mono<Void> insertTransaction(String txId, String equivalent, int precision, long amount,
            Map<String, Object> payload, Set<String> involved) {
        return db.sql("""
                        INSERT INTO transactions (id, tx_id, type, equivalent, amount, state, payload, involved,
                            created_at, updated_at, committed_at)
                        VALUES (:id, :txId, 'CLEARING', :eq, :amount, 'COMMITTED', :payload::jsonb,
                            :involved::varchar[], now(), now(), now())""")
                .bind("id", UUID.randomUUID())
                .bind("txId", txId)
                .bind("eq", equivalent)
                .bind("amount", Amounts.fromMinor(amount, precision))
                .bind("payload", json.writeValueAsString(payload))
                .bind("involved", involved.toArray(String[]::new))
                .then();
    }

    private static List<Map<String, Object>> edgeRecords(List<DebtKey> edges, LockedState state,
            Map<DebtKey, Long> newDebts, int precision) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (DebtKey edge : edges) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("debtor", edge.debtor());
            record.put("creditor", edge.creditor());
            record.put("before", Amounts.fromMinor(state.debt(edge), precision).toPlainString());
            record.put("after", Amounts.fromMinor(newDebts.get(edge), precision).toPlainString());
            records.add(record);
        }
        return records;
    }

    private static List<Map<String, Object>> cycleRecords(List<DebtCycle> cycles, int precision) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (DebtCycle cycle : cycles) {
            records.add(Map.of("participants", cycle.participants(),
                    "amount", Amounts.fromMinor(cycle.amount(), precision).toPlainString()));
        }
        return records;
    }

    /** A stable identifier for the debt of a pair in an equivalent (debts are keyed by the triple). */
    public static String debtId(String equivalent, String debtor, String creditor) {
        String name = equivalent + "|" + debtor + "|" + creditor;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
