package io.geoprotocol.hub.balance;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of the debt ledger and of the capacity held by payments in flight. A missing debt row
 * means zero: debts are stored only while positive.
 */
@Repository
public class DebtRepository {

    private static final String ENTRY = """
            SELECT d.debtor, pd.display_name AS debtor_name, d.creditor, pc.display_name AS creditor_name,
                   d.equivalent, e.precision, d.amount
            FROM debts d
            JOIN participants pd ON pd.pid = d.debtor
            JOIN participants pc ON pc.pid = d.creditor
            JOIN equivalents e ON e.code = d.equivalent
            """;

    private final DatabaseClient db;

    public DebtRepository(DatabaseClient db) {
        this.db = db;
    }

    /** One debt with the names of both sides, for display. */
    public record DebtEntry(String debtor, String debtorName, String creditor, String creditorName,
            String equivalent, int precision, BigDecimal amount) {
    }

    /** What {@code debtor} owes {@code creditor} in an equivalent; zero when nothing. */
    public Mono<BigDecimal> amount(String debtor, String creditor, String equivalent) {
        return db.sql("SELECT amount FROM debts WHERE debtor = :debtor AND creditor = :creditor AND equivalent = :eq")
                .bind("debtor", debtor)
                .bind("creditor", creditor)
                .bind("eq", equivalent)
                .map(row -> row.get("amount", BigDecimal.class))
                .one()
                .defaultIfEmpty(BigDecimal.ZERO);
    }

    /** Capacity held by unexpired reservations of payments in flight over the hop payer -> payee. */
    public Mono<BigDecimal> reserved(String payer, String payee, String equivalent) {
        return db.sql("""
                        SELECT COALESCE(SUM(amount), 0) AS amount FROM payment_reservations
                        WHERE payer = :payer AND payee = :payee AND equivalent = :eq AND expires_at > now()
                        """)
                .bind("payer", payer)
                .bind("payee", payee)
                .bind("eq", equivalent)
                .map(row -> row.get("amount", BigDecimal.class))
                .one()
                .defaultIfEmpty(BigDecimal.ZERO);
    }

    /** Debts {@code pid} owes in an equivalent, largest first. */
    public Flux<DebtEntry> owedBy(String pid, String equivalent) {
        return db.sql(ENTRY + " WHERE d.debtor = :pid AND d.equivalent = :eq ORDER BY d.amount DESC, d.creditor")
                .bind("pid", pid)
                .bind("eq", equivalent)
                .map(DebtRepository::entry)
                .all();
    }

    /** Debts owed to {@code pid} in an equivalent, largest first. */
    public Flux<DebtEntry> owedTo(String pid, String equivalent) {
        return db.sql(ENTRY + " WHERE d.creditor = :pid AND d.equivalent = :eq ORDER BY d.amount DESC, d.debtor")
                .bind("pid", pid)
                .bind("eq", equivalent)
                .map(DebtRepository::entry)
                .all();
    }

    private static DebtEntry entry(Readable row) {
        return new DebtEntry(
                row.get("debtor", String.class),
                row.get("debtor_name", String.class),
                row.get("creditor", String.class),
                row.get("creditor_name", String.class),
                row.get("equivalent", String.class),
                row.get("precision", Short.class),
                row.get("amount", BigDecimal.class));
    }
}
