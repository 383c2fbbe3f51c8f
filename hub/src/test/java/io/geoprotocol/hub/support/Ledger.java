package io.geoprotocol.hub.support;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/** Reads the ledger straight from the database, for assertions. */
public final class Ledger {

    private final DatabaseClient db;

    public Ledger(DatabaseClient db) {
        this.db = db;
    }

    /** What {@code debtor} owes {@code creditor}; zero when there is no row. */
    public BigDecimal debt(TestCommunity.Member debtor, TestCommunity.Member creditor, String equivalent) {
        return db.sql("SELECT amount FROM debts WHERE debtor = :d AND creditor = :c AND equivalent = :eq")
                .bind("d", debtor.pid())
                .bind("c", creditor.pid())
                .bind("eq", equivalent)
                .map((row, meta) -> row.get("amount", BigDecimal.class))
                .one()
                .defaultIfEmpty(BigDecimal.ZERO)
                .block();
    }

    public long reservations(String equivalent) {
        return db.sql("SELECT count(*) AS n FROM payment_reservations WHERE equivalent = :eq")
                .bind("eq", equivalent)
                .map((row, meta) -> row.get("n", Long.class))
                .one()
                .block();
    }

    /** Every debt of an equivalent, as rows debtor, creditor, amount. */
    public List<Map<String, Object>> debts(String equivalent) {
        return db.sql("SELECT debtor, creditor, amount FROM debts WHERE equivalent = :eq")
                .bind("eq", equivalent)
                .fetch()
                .all()
                .collectList()
                .block();
    }

    /** Debts exceeding their line's limit (or with no live line): must always be empty. */
    public List<Map<String, Object>> limitViolations(String equivalent) {
        return db.sql("""
                        SELECT d.debtor, d.creditor, d.amount, t.credit_limit FROM debts d
                        LEFT JOIN trust_lines t ON t.from_pid = d.creditor AND t.to_pid = d.debtor
                          AND t.equivalent = d.equivalent AND t.status <> 'closed'
                        WHERE d.equivalent = :eq AND (t.id IS NULL OR d.amount > t.credit_limit)""")
                .bind("eq", equivalent)
                .fetch()
                .all()
                .collectList()
                .block();
    }

    /** Pairs owing each other both ways: the ledger always nets them. */
    public List<Map<String, Object>> mutualDebts(String equivalent) {
        return db.sql("""
                        SELECT a.debtor, a.creditor FROM debts a JOIN debts b
                          ON a.debtor = b.creditor AND a.creditor = b.debtor AND a.equivalent = b.equivalent
                        WHERE a.equivalent = :eq""")
                .bind("eq", equivalent)
                .fetch()
                .all()
                .collectList()
                .block();
    }

    public String state(String txId) {
        return db.sql("SELECT state FROM transactions WHERE tx_id = :txId")
                .bind("txId", txId)
                .map((row, meta) -> row.get("state", String.class))
                .one()
                .block();
    }
}
