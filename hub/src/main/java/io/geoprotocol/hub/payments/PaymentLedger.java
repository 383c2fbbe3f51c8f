package io.geoprotocol.hub.payments;

import io.r2dbc.postgresql.codec.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The database side of a payment, in two short transactions of few round trips each.
 *
 * <p>Prepare locks the trust lines of every pair the routes touch (both directions, in id order,
 * so concurrent payments and clearings never deadlock), re-checks each hop's capacity against
 * debts and other payments' reservations, and records the payment with its reservations. Commit takes the same locks,
 * moves the debts and drops the reservations, atomically with the transaction's final state. A
 * crash between the two leaves only reservations with an expiry, which recovery releases.
 */
@Component
public class PaymentLedger {

    /**
     * Driven by the pairs, so each line is found through its unique index: the cost follows the
     * size of the payment, never the size of the equivalent.
     */
    static final String LOCK_LINES = """
            SELECT l.from_pid, l.to_pid, l.credit_limit, l.status
            FROM unnest(:froms::varchar[], :tos::varchar[]) AS p(from_pid, to_pid)
            JOIN trust_lines l ON l.from_pid = p.from_pid AND l.to_pid = p.to_pid
              AND l.equivalent = :eq AND l.status <> 'closed'
            ORDER BY l.id
            FOR UPDATE OF l""";

    /**
     * Debts, and capacity other payments hold, of the locked pairs, and any participant on the
     * routes who is no longer active. Every writer of a debt holds
     * the lines of its pair, so the line locks already guard these rows; this runs as a statement
     * of its own so it sees what committed while the transaction waited for those locks.
     */
    static final String READ_DEBTS_AND_RESERVED = """
            SELECT 'd' AS kind, d.debtor AS a, d.creditor AS b, d.amount
            FROM unnest(:froms::varchar[], :tos::varchar[]) AS p(debtor, creditor)
            JOIN debts d ON d.debtor = p.debtor AND d.creditor = p.creditor AND d.equivalent = :eq
            UNION ALL
            SELECT 'r', r.payer, r.payee, sum(r.amount)
            FROM unnest(:froms::varchar[], :tos::varchar[]) AS p(payer, payee)
            JOIN payment_reservations r ON r.equivalent = :eq AND r.payer = p.payer AND r.payee = p.payee
            WHERE :withReserved AND r.expires_at > now() AND r.tx_id <> :txId
            GROUP BY r.payer, r.payee
            UNION ALL
            SELECT 'i', pid, pid, NULL FROM participants WHERE pid = ANY(:participants) AND status <> 'active'""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public PaymentLedger(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** When the payment committed, and the debts of the pairs it touched from then on. */
    record Committed(Instant at, Map<Hop, BigDecimal> newDebts) {
    }

    /**
     * Checks every hop under the line locks and moves the debts in the same transaction, storing
     * the payment as COMMITTED: one commit per payment, and nothing left to recover when the
     * process dies midway. Fails with {@link CapacityShortfallException} (and writes nothing)
     * when a hop no longer fits; with a duplicate-key error when the tx_id is already taken.
     */
    Mono<Committed> execute(PaymentDraft draft, List<Route> routes, String routesJson) {
        HopFlows flows = HopFlows.of(routes);
        Set<Hop> pairs = flows.pairsBothWays();
        String[] involved = involved(draft, routes);

        Mono<Committed> work = snapshot(draft.equivalent(), draft.txId(), pairs, true, involved)
                .flatMap(snapshot -> {
                    // A frozen or banned participant on a route (a graph view older than the freeze)
                    // counts like a hop without capacity: the payment is re-routed on a fresh view.
                    if (snapshot.inactiveParticipant) {
                        return Mono.error(new CapacityShortfallException(List.of()));
                    }
                    var shortfalls = flows.shortfalls(snapshot);
                    if (!shortfalls.isEmpty()) {
                        return Mono.error(new CapacityShortfallException(shortfalls));
                    }
                    Map<Hop, BigDecimal> newDebts = flows.newDebts(snapshot);
                    if (!HopFlows.overLimit(newDebts, snapshot).isEmpty()) {
                        return Mono.error(new CapacityShortfallException(List.of()));
                    }
                    return writeCommitted(draft, routesJson, involved, newDebts)
                            .map(at -> new Committed(at, newDebts));
                });
        return work.as(tx::transactional);
    }

    /**
     * Aborts the payment unless it already reached a final state, releasing its reservations.
     * Returns the state it ends in: ABORTED, or COMMITTED if the commit won the race.
     */
    public Mono<String> abortUnlessFinal(UUID id, String errorJson) {
        return abort(id, errorJson).map(AbortResult::state);
    }

    /** True only when this call aborted the payment (not when it had already ended). */
    Mono<Boolean> abortIfUnfinished(UUID id, String errorJson) {
        return abort(id, errorJson).map(AbortResult::changed);
    }

    private record AbortResult(String state, boolean changed) {
    }

    private Mono<AbortResult> abort(UUID id, String errorJson) {
        Mono<AbortResult> work = db.sql("SELECT state, tx_id FROM transactions WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map((row, meta) -> new String[] {row.get("state", String.class), row.get("tx_id", String.class)})
                .one()
                .flatMap(found -> {
                    String state = found[0];
                    if (state.equals("COMMITTED") || state.equals("ABORTED")) {
                        return Mono.just(new AbortResult(state, false));
                    }
                    return db.sql("DELETE FROM payment_reservations WHERE tx_id = :txId")
                            .bind("txId", found[1])
                            .then()
                            .then(db.sql("UPDATE transactions SET state = 'ABORTED', error = :error::jsonb, "
                                            + "updated_at = now() WHERE id = :id")
                                    .bind("error", errorJson)
                                    .bind("id", id)
                                    .then())
                            .thenReturn(new AbortResult("ABORTED", true));
                });
        return work.as(tx::transactional);
    }

    /** Stores a payment that never reached the ledger (no route, no capacity) as aborted. */
    Mono<Void> insertAborted(PaymentDraft draft, String errorJson) {
        return bindDraft(db.sql("""
                        INSERT INTO transactions (id, tx_id, type, initiator, counterparty, equivalent, amount,
                            state, payload, payload_hash, error, involved, request_id, created_at, updated_at)
                        VALUES (:id, :txId, 'PAYMENT', :payer, :payee, :eq, :amount, 'ABORTED', :payload::jsonb,
                            :hash, :error::jsonb, :involved::varchar[], :requestId, :createdAt, now())"""), draft)
                .bind("error", errorJson)
                .bind("involved", new String[] {draft.payer(), draft.payee()})
                .then();
    }

    /** Binds the columns every stored payment takes from its draft. */
    private static DatabaseClient.GenericExecuteSpec bindDraft(DatabaseClient.GenericExecuteSpec spec,
            PaymentDraft draft) {
        return spec.bind("id", draft.id())
                .bind("txId", draft.txId())
                .bind("payer", draft.payer())
                .bind("payee", draft.payee())
                .bind("eq", draft.equivalent())
                .bind("amount", draft.amount())
                .bind("payload", draft.payloadJson())
                .bind("hash", draft.payloadHash())
                .bind("requestId", draft.requestId())
                .bind("createdAt", draft.createdAt().atOffset(ZoneOffset.UTC));
    }

    private Mono<LedgerSnapshot> snapshot(String equivalent, String txId, Set<Hop> pairs, boolean withReserved,
            String[] participants) {
        String[] froms = pairs.stream().map(Hop::payer).toArray(String[]::new);
        String[] tos = pairs.stream().map(Hop::payee).toArray(String[]::new);
        LedgerSnapshot snapshot = new LedgerSnapshot();

        Mono<Void> lines = db.sql(LOCK_LINES)
                .bind("eq", equivalent)
                .bind("froms", froms)
                .bind("tos", tos)
                .map((row, meta) -> {
                    Hop line = new Hop(row.get("from_pid", String.class), row.get("to_pid", String.class));
                    snapshot.limits.put(line, row.get("credit_limit", BigDecimal.class));
                    snapshot.lineStatus.put(line, row.get("status", String.class));
                    return line;
                })
                .all()
                .then();
        Mono<Void> balances = db.sql(READ_DEBTS_AND_RESERVED)
                .bind("eq", equivalent)
                .bind("txId", txId)
                .bind("withReserved", withReserved)
                .bind("froms", froms)
                .bind("tos", tos)
                .bind("participants", participants)
                .map((row, meta) -> {
                    String kind = row.get("kind", String.class);
                    if ("i".equals(kind)) {
                        snapshot.inactiveParticipant = true;
                        return 1;
                    }
                    Hop hop = new Hop(row.get("a", String.class), row.get("b", String.class));
                    BigDecimal amount = row.get("amount", BigDecimal.class);
                    if ("d".equals(kind)) {
                        snapshot.debts.put(hop, amount);
                    } else {
                        snapshot.reserved.put(hop, amount);
                    }
                    return 1;
                })
                .all()
                .then();

        return lines.then(balances).thenReturn(snapshot);
    }

    /**
     * The payment row as COMMITTED, the positive debts upserted and the zero ones deleted, in one
     * statement. Returns the commit time the row records.
     */
    private Mono<Instant> writeCommitted(PaymentDraft draft, String routesJson, String[] involved,
            Map<Hop, BigDecimal> newDebts) {
        List<String> upDebtors = new ArrayList<>();
        List<String> upCreditors = new ArrayList<>();
        List<String> upAmounts = new ArrayList<>();
        List<String> zeroDebtors = new ArrayList<>();
        List<String> zeroCreditors = new ArrayList<>();
        for (var entry : newDebts.entrySet()) {
            if (entry.getValue().signum() > 0) {
                upDebtors.add(entry.getKey().payer());
                upCreditors.add(entry.getKey().payee());
                upAmounts.add(entry.getValue().toPlainString());
            } else {
                zeroDebtors.add(entry.getKey().payer());
                zeroCreditors.add(entry.getKey().payee());
            }
        }

        return bindDraft(db.sql("""
                        WITH payment AS (
                            INSERT INTO transactions (id, tx_id, type, initiator, counterparty, equivalent, amount,
                                state, payload, payload_hash, routes, involved, request_id, created_at, updated_at,
                                committed_at)
                            VALUES (:id, :txId, 'PAYMENT', :payer, :payee, :eq, :amount, 'COMMITTED',
                                :payload::jsonb, :hash, :routes::jsonb, :involved::varchar[], :requestId,
                                :createdAt, now(), now())
                            RETURNING committed_at),
                        upserted AS (
                            INSERT INTO debts (debtor, creditor, equivalent, amount, updated_at)
                            SELECT d.debtor, d.creditor, :eq, d.amount::numeric, now()
                            FROM unnest(:debtors::varchar[], :creditors::varchar[], :amounts::text[])
                                AS d(debtor, creditor, amount)
                            ON CONFLICT (debtor, creditor, equivalent)
                            DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()
                            RETURNING 1),
                        deleted AS (
                            DELETE FROM debts d
                            USING unnest(:zeroDebtors::varchar[], :zeroCreditors::varchar[]) AS z(debtor, creditor)
                            WHERE d.debtor = z.debtor AND d.creditor = z.creditor AND d.equivalent = :eq
                            RETURNING 1)
                        SELECT committed_at, (SELECT count(*) FROM upserted) + (SELECT count(*) FROM deleted) AS n
                        FROM payment"""), draft)
                .bind("routes", routesJson)
                .bind("involved", involved)
                .bind("debtors", upDebtors.toArray(String[]::new))
                .bind("creditors", upCreditors.toArray(String[]::new))
                .bind("amounts", upAmounts.toArray(String[]::new))
                .bind("zeroDebtors", zeroDebtors.toArray(String[]::new))
                .bind("zeroCreditors", zeroCreditors.toArray(String[]::new))
                .map((row, meta) -> row.get("committed_at", OffsetDateTime.class).toInstant())
                .one();
    }

    private static String[] involved(PaymentDraft draft, List<Route> routes) {
        Set<String> pids = new LinkedHashSet<>();
        pids.add(draft.payer());
        pids.add(draft.payee());
        routes.forEach(r -> pids.addAll(r.path()));
        return pids.toArray(String[]::new);
    }

    static Json json(String text) {
        return Json.of(text);
    }
}
