package io.geoprotocol.hub.support;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/** Debts planted straight in the database, and net balances read back, for clearing and integrity tests. */
public final class DebtFixtures {

    private final DatabaseClient db;
    private final TestCommunity community;

    public DebtFixtures(DatabaseClient db, TestCommunity community) {
        this.db = db;
        this.community = community;
    }

    /** {@code debtor} owes {@code creditor}, under a line creditor trusts debtor up to {@code limit}. */
    public void owes(TestCommunity.Member debtor, TestCommunity.Member creditor, String eq, String amount,
            String limit) {
        community.trustLine(creditor, debtor, eq, limit);
        plant(debtor, creditor, eq, amount);
    }

    /** A debt row with no checks at all (integrity tests use it to break invariants). */
    public void plant(TestCommunity.Member debtor, TestCommunity.Member creditor, String eq, String amount) {
        db.sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES (:d, :c, :eq, :amount)")
                .bind("d", debtor.pid())
                .bind("c", creditor.pid())
                .bind("eq", eq)
                .bind("amount", new BigDecimal(amount))
                .fetch().rowsUpdated().block();
    }

    /** Net position of every participant with debts in the equivalent: owed to it minus owed by it. */
    public Map<String, BigDecimal> nets(String eq) {
        Map<String, BigDecimal> nets = new HashMap<>();
        db.sql("SELECT debtor, creditor, amount FROM debts WHERE equivalent = :eq")
                .bind("eq", eq)
                .map((row, meta) -> {
                    BigDecimal amount = row.get("amount", BigDecimal.class);
                    nets.merge(row.get("creditor", String.class), amount, BigDecimal::add);
                    nets.merge(row.get("debtor", String.class), amount.negate(), BigDecimal::add);
                    return 1;
                })
                .all().then().block();
        nets.replaceAll((pid, v) -> v.stripTrailingZeros());
        nets.values().removeIf(v -> v.signum() == 0);
        return nets;
    }

    public BigDecimal totalDebt(String eq) {
        return db.sql("SELECT COALESCE(sum(amount), 0) AS total FROM debts WHERE equivalent = :eq")
                .bind("eq", eq)
                .map((row, meta) -> row.get("total", BigDecimal.class))
                .one().block();
    }

    public long clearingTransactions(String eq) {
        return db.sql("SELECT count(*) AS n FROM transactions WHERE equivalent = :eq AND type = 'CLEARING' "
                        + "AND state = 'COMMITTED'")
                .bind("eq", eq)
                .map((row, meta) -> row.get("n", Long.class))
                .one().block();
    }
}
