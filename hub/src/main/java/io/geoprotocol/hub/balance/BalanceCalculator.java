package io.geoprotocol.hub.balance;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A participant's position per equivalent, summed in SQL from the debts and the active trust
 * lines: what it owes, what it is owed, and how much it could pay or receive directly.
 *
 * <p>Direct capacity follows the hop rule: paying neighbour N is allowed by N's line to me, so
 * {@code spend(me -> N) = limit(N -> me) - debt[me owes N] + debt[N owes me]}, and symmetrically
 * {@code receive(N -> me) = limit(me -> N) - debt[N owes me] + debt[me owes N]}. A neighbour
 * without an active line counts with limit zero, so a debt it owes me is still spendable (paying
 * it cancels the debt). Each hop counts at least zero. Frozen and closed lines give no capacity.
 * Reservations of payments in flight are not subtracted: this is the settled position.
 */
@Component
public class BalanceCalculator {

    private static final String BY_EQUIVALENT = """
            WITH neighbours AS (
                SELECT to_pid AS peer, equivalent FROM trust_lines WHERE from_pid = :pid AND status <> 'closed'
                UNION SELECT from_pid, equivalent FROM trust_lines WHERE to_pid = :pid AND status <> 'closed'
                UNION SELECT creditor, equivalent FROM debts WHERE debtor = :pid
                UNION SELECT debtor, equivalent FROM debts WHERE creditor = :pid
            ), pairs AS (
                SELECT n.equivalent,
                       COALESCE(li.credit_limit, 0) AS limit_in,
                       COALESCE(lo.credit_limit, 0) AS limit_out,
                       COALESCE(mine.amount, 0) AS i_owe,
                       COALESCE(theirs.amount, 0) AS owed_to_me
                FROM neighbours n
                LEFT JOIN trust_lines li ON li.from_pid = n.peer AND li.to_pid = :pid
                      AND li.equivalent = n.equivalent AND li.status = 'active'
                LEFT JOIN trust_lines lo ON lo.from_pid = :pid AND lo.to_pid = n.peer
                      AND lo.equivalent = n.equivalent AND lo.status = 'active'
                LEFT JOIN debts mine ON mine.debtor = :pid AND mine.creditor = n.peer
                      AND mine.equivalent = n.equivalent
                LEFT JOIN debts theirs ON theirs.debtor = n.peer AND theirs.creditor = :pid
                      AND theirs.equivalent = n.equivalent
            )
            SELECT p.equivalent, e.precision,
                   SUM(p.i_owe) AS total_debt,
                   SUM(p.owed_to_me) AS total_credit,
                   SUM(GREATEST(p.limit_in - p.i_owe + p.owed_to_me, 0)) AS spend,
                   SUM(GREATEST(p.limit_out - p.owed_to_me + p.i_owe, 0)) AS receive,
                   SUM(p.limit_in) AS incoming_trust,
                   SUM(p.limit_out) AS outgoing_trust
            FROM pairs p
            JOIN equivalents e ON e.code = p.equivalent
            """;

    private final DatabaseClient db;

    public BalanceCalculator(DatabaseClient db) {
        this.db = db;
    }

    /**
     * One participant's numbers in one equivalent. {@code incomingTrust} sums the limits of active
     * lines others gave it, {@code outgoingTrust} those it gave.
     */
    public record EquivalentBalance(String code, int precision, BigDecimal totalDebt, BigDecimal totalCredit,
            BigDecimal availableToSpend, BigDecimal availableToReceive, BigDecimal incomingTrust,
            BigDecimal outgoingTrust) {

        /** What others owe minus what is owed to them. */
        public BigDecimal netBalance() {
            return totalCredit.subtract(totalDebt);
        }
    }

    /** The same numbers summed over all equivalents, as participant statistics show them. */
    public record Totals(BigDecimal incomingTrust, BigDecimal outgoingTrust, BigDecimal totalDebt,
            BigDecimal totalCredit) {

        public static final Totals ZERO = new Totals(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);

        public BigDecimal netBalance() {
            return totalCredit.subtract(totalDebt);
        }

        Totals plus(EquivalentBalance b) {
            return new Totals(incomingTrust.add(b.incomingTrust()), outgoingTrust.add(b.outgoingTrust()),
                    totalDebt.add(b.totalDebt()), totalCredit.add(b.totalCredit()));
        }
    }

    /** Every equivalent in which the participant has a live line or a debt, by code. */
    public Flux<EquivalentBalance> balances(String pid) {
        return db.sql(BY_EQUIVALENT + " GROUP BY p.equivalent, e.precision ORDER BY p.equivalent")
                .bind("pid", pid)
                .map(BalanceCalculator::balance)
                .all();
    }

    /** One equivalent; empty when the participant has neither lines nor debts in it. */
    public Mono<EquivalentBalance> balance(String pid, String equivalent) {
        return db.sql(BY_EQUIVALENT + " WHERE p.equivalent = :eq GROUP BY p.equivalent, e.precision")
                .bind("pid", pid)
                .bind("eq", equivalent)
                .map(BalanceCalculator::balance)
                .one();
    }

    public Mono<Totals> totals(String pid) {
        return balances(pid).reduce(Totals.ZERO, Totals::plus);
    }

    private static EquivalentBalance balance(Readable row) {
        return new EquivalentBalance(
                row.get("equivalent", String.class),
                row.get("precision", Short.class),
                row.get("total_debt", BigDecimal.class),
                row.get("total_credit", BigDecimal.class),
                row.get("spend", BigDecimal.class),
                row.get("receive", BigDecimal.class),
                row.get("incoming_trust", BigDecimal.class),
                row.get("outgoing_trust", BigDecimal.class));
    }
}
