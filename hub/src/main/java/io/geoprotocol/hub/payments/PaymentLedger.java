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
 * The database side of a payment, in two short transactions.
 *
 * <p>Prepare locks the trust lines of every pair the routes touch (both directions, in id order,
 * so concurrent payments and clearings never deadlock), re-checks each hop's capacity against
 * debts and other payments' reservations, and records reservations. Commit takes the same locks,
 * moves the debts and drops the reservations, atomically with the transaction's final state. A
 * crash between the two leaves only reservations with an expiry, which recovery releases.
 */
@Component
public class PaymentLedger {

    static final String LOCK_LINES = """
            SELECT from_pid, to_pid, credit_limit, status FROM trust_lines
            WHERE equivalent = :eq AND status <> 'closed'
              AND (from_pid, to_pid) IN (SELECT * FROM unnest(:froms::varchar[], :tos::varchar[]))
            ORDER BY id
            FOR UPDATE""";

    static final String READ_DEBTS = """
            SELECT debtor, creditor, amount FROM debts
            WHERE equivalent = :eq
              AND (debtor, creditor) IN (SELECT * FROM unnest(:froms::varchar[], :tos::varchar[]))
            ORDER BY debtor, creditor
            FOR UPDATE""";

    static final String READ_RESERVED = """
            SELECT payer, payee, sum(amount) AS amount FROM payment_reservations
            WHERE equivalent = :eq AND expires_at > now() AND tx_id <> :txId
              AND (payer, payee) IN (SELECT * FROM unnest(:froms::varchar[], :tos::varchar[]))
            GROUP BY payer, payee""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public PaymentLedger(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Inserts the payment and reserves its routes' capacity. Fails with
     * {@link CapacityShortfallException} (and writes nothing) when a hop no longer fits; with a
     * duplicate-key error when the tx_id is already taken.
     */
    Mono<Void> prepare(PaymentDraft draft, List<Route> routes, String routesJson, Instant expiresAt) {
        HopFlows flows = HopFlows.of(routes);
        Set<Hop> pairs = flows.pairsBothWays();

        String[] involved = involved(draft, routes);
        Mono<Void> work = insertTransaction(draft, routesJson, involved)
                .then(refuseInactive(involved))
                .then(snapshot(draft.equivalent(), draft.txId(), pairs, true))
                .flatMap(snapshot -> {
                    var shortfalls = flows.shortfalls(snapshot);
                    if (!shortfalls.isEmpty()) {
                        return Mono.error(new CapacityShortfallException(shortfalls));
                    }
                    return insertReservations(draft, flows.flows(), expiresAt);
                })
                .then(setState(draft.id(), "PREPARED"));
        return work.as(tx::transactional);
    }

    /**
     * A frozen or banned participant on a route (a graph view older than the freeze) counts as
     * a hop without capacity: the payment is re-routed on a refreshed view instead of passing
     * through them.
     */
    private Mono<Void> refuseInactive(String[] pids) {
        return db.sql("SELECT pid FROM participants WHERE pid = ANY(:pids) AND status <> 'active' LIMIT 1")
                .bind("pids", pids)
                .map((row, meta) -> row.get("pid", String.class))
                .one()
                .flatMap(pid -> Mono.<Void>error(new CapacityShortfallException(List.of())));
    }

    /**
     * Moves the debts of a prepared payment. Returns what it committed, or empty when the payment
     * is no longer prepared (recovery or a timeout aborted it first).
     */
    Mono<Committed> commit(PaymentDraft draft, List<Route> routes) {
        HopFlows flows = HopFlows.of(routes);
        Set<Hop> pairs = flows.pairsBothWays();

        Mono<Committed> work = lockPrepared(draft.id())
                .flatMap(locked -> snapshot(draft.equivalent(), draft.txId(), pairs, false))
                .flatMap(snapshot -> {
                    Map<Hop, BigDecimal> newDebts = flows.newDebts(snapshot);
                    List<Hop> over = HopFlows.overLimit(newDebts, snapshot);
                    if (!over.isEmpty()) {
                        // Reservations make this unreachable; refuse rather than break a limit.
                        return Mono.error(new CapacityShortfallException(List.of()));
                    }
                    return writeDebts(draft.equivalent(), newDebts)
                            .then(db.sql("DELETE FROM payment_reservations WHERE tx_id = :txId")
                                    .bind("txId", draft.txId())
                                    .then())
                            .then(markCommitted(draft.id()))
                            .map(at -> new Committed(at, newDebts));
                });
        return work.as(tx::transactional);
    }

    /** When the payment committed, and the debts of the pairs it touched from then on. */
    record Committed(Instant at, Map<Hop, BigDecimal> newDebts) {
    }

    /**
     * Aborts the payment unless it already reached a final state, releasing its reservations.
     * Returns the state it ends in: ABORTED, or COMMITTED if the commit won the race.
     */
    public Mono<String> abortUnlessFinal(UUID id, String errorJson) {
        Mono<String> work = db.sql("SELECT state, tx_id FROM transactions WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map((row, meta) -> new String[] {row.get("state", String.class), row.get("tx_id", String.class)})
                .one()
                .flatMap(found -> {
                    String state = found[0];
                    if (state.equals("COMMITTED") || state.equals("ABORTED")) {
                        return Mono.just(state);
                    }
                    return db.sql("DELETE FROM payment_reservations WHERE tx_id = :txId")
                            .bind("txId", found[1])
                            .then()
                            .then(db.sql("UPDATE transactions SET state = 'ABORTED', error = :error::jsonb, "
                                            + "updated_at = now() WHERE id = :id")
                                    .bind("error", errorJson)
                                    .bind("id", id)
                                    .then())
                            .thenReturn("ABORTED");
                });
        return work.as(tx::transactional);
    }

    /** Stores a payment that never reached the ledger (no route, no capacity) as aborted. */
    Mono<Void> insertAborted(PaymentDraft draft, String errorJson) {
        return db.sql("""
                        INSERT INTO transactions (id, tx_id, type, initiator, counterparty, equivalent, amount,
                            state, payload, payload_hash, error, involved, request_id, created_at, updated_at)
                        VALUES (:id, :txId, 'PAYMENT', :payer, :payee, :eq, :amount, 'ABORTED', :payload::jsonb,
                            :hash, :error::jsonb, :involved::varchar[], :requestId, :createdAt, now())""")
                .bind("id", draft.id())
                .bind("txId", draft.txId())
                .bind("payer", draft.payer())
                .bind("payee", draft.payee())
                .bind("eq", draft.equivalent())
                .bind("amount", draft.amount())
                .bind("payload", draft.payloadJson())
                .bind("hash", draft.payloadHash())
                .bind("error", errorJson)
                .bind("involved", new String[] {draft.payer(), draft.payee()})
                .bind("requestId", draft.requestId())
                .bind("createdAt", draft.createdAt().atOffset(ZoneOffset.UTC))
                .then();
    }

    private Mono<Void> insertTransaction(PaymentDraft draft, String routesJson, String[] involved) {
        return db.sql("""
                        INSERT INTO transactions (id, tx_id, type, initiator, counterparty, equivalent, amount,
                            state, payload, payload_hash, routes, involved, request_id, created_at, updated_at)
                        VALUES (:id, :txId, 'PAYMENT', :payer, :payee, :eq, :amount, 'PREPARE_IN_PROGRESS',
                            :payload::jsonb, :hash, :routes::jsonb, :involved::varchar[], :requestId, :createdAt,
                            now())""")
                .bind("id", draft.id())
                .bind("txId", draft.txId())
                .bind("payer", draft.payer())
                .bind("payee", draft.payee())
                .bind("eq", draft.equivalent())
                .bind("amount", draft.amount())
                .bind("payload", draft.payloadJson())
                .bind("hash", draft.payloadHash())
                .bind("routes", routesJson)
                .bind("involved", involved)
                .bind("requestId", draft.requestId())
                .bind("createdAt", draft.createdAt().atOffset(ZoneOffset.UTC))
                .then();
    }

    private Mono<LedgerSnapshot> snapshot(String equivalent, String txId, Set<Hop> pairs, boolean withReserved) {
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
        Mono<Void> debts = db.sql(READ_DEBTS)
                .bind("eq", equivalent)
                .bind("froms", froms)
                .bind("tos", tos)
                .map((row, meta) -> {
                    snapshot.debts.put(new Hop(row.get("debtor", String.class), row.get("creditor", String.class)),
                            row.get("amount", BigDecimal.class));
                    return 1;
                })
                .all()
                .then();
        Mono<Void> reserved = !withReserved ? Mono.empty() : db.sql(READ_RESERVED)
                .bind("eq", equivalent)
                .bind("txId", txId)
                .bind("froms", froms)
                .bind("tos", tos)
                .map((row, meta) -> {
                    snapshot.reserved.put(new Hop(row.get("payer", String.class), row.get("payee", String.class)),
                            row.get("amount", BigDecimal.class));
                    return 1;
                })
                .all()
                .then();

        return lines.then(debts).then(reserved).thenReturn(snapshot);
    }

    private Mono<Void> insertReservations(PaymentDraft draft, Map<Hop, BigDecimal> flows, Instant expiresAt) {
        int n = flows.size();
        String[] ids = new String[n];
        String[] payers = new String[n];
        String[] payees = new String[n];
        String[] amounts = new String[n];
        int i = 0;
        for (var entry : flows.entrySet()) {
            ids[i] = UUID.randomUUID().toString();
            payers[i] = entry.getKey().payer();
            payees[i] = entry.getKey().payee();
            amounts[i] = entry.getValue().toPlainString();
            i++;
        }

        return db.sql("""
                        INSERT INTO payment_reservations (id, tx_id, payer, payee, equivalent, amount, expires_at)
                        SELECT r.id::uuid, :txId, r.payer, r.payee, :eq, r.amount::numeric, :expiresAt
                        FROM unnest(:ids::text[], :payers::varchar[], :payees::varchar[], :amounts::text[])
                            AS r(id, payer, payee, amount)""")
                .bind("txId", draft.txId())
                .bind("eq", draft.equivalent())
                .bind("expiresAt", expiresAt.atOffset(ZoneOffset.UTC))
                .bind("ids", ids)
                .bind("payers", payers)
                .bind("payees", payees)
                .bind("amounts", amounts)
                .then();
    }

    private Mono<Void> writeDebts(String equivalent, Map<Hop, BigDecimal> newDebts) {
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

        Mono<Void> upserts = upDebtors.isEmpty() ? Mono.empty() : db.sql("""
                        INSERT INTO debts (debtor, creditor, equivalent, amount, updated_at)
                        SELECT d.debtor, d.creditor, :eq, d.amount::numeric, now()
                        FROM unnest(:debtors::varchar[], :creditors::varchar[], :amounts::text[])
                            AS d(debtor, creditor, amount)
                        ON CONFLICT (debtor, creditor, equivalent)
                        DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()""")
                .bind("eq", equivalent)
                .bind("debtors", upDebtors.toArray(String[]::new))
                .bind("creditors", upCreditors.toArray(String[]::new))
                .bind("amounts", upAmounts.toArray(String[]::new))
                .then();
        Mono<Void> deletes = zeroDebtors.isEmpty() ? Mono.empty() : db.sql("""
                        DELETE FROM debts WHERE equivalent = :eq
                          AND (debtor, creditor) IN (SELECT * FROM unnest(:debtors::varchar[], :creditors::varchar[]))""")
                .bind("eq", equivalent)
                .bind("debtors", zeroDebtors.toArray(String[]::new))
                .bind("creditors", zeroCreditors.toArray(String[]::new))
                .then();
        return upserts.then(deletes);
    }

    private Mono<Boolean> lockPrepared(UUID id) {
        return db.sql("SELECT state FROM transactions WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map((row, meta) -> row.get("state", String.class))
                .one()
                .filter("PREPARED"::equals)
                .map(state -> true);
    }

    private Mono<Void> setState(UUID id, String state) {
        return db.sql("UPDATE transactions SET state = :state, updated_at = now() WHERE id = :id")
                .bind("state", state)
                .bind("id", id)
                .then();
    }

    private Mono<Instant> markCommitted(UUID id) {
        return db.sql("""
                        UPDATE transactions SET state = 'COMMITTED', committed_at = now(), updated_at = now()
                        WHERE id = :id RETURNING committed_at""")
                .bind("id", id)
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
