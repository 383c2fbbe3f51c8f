package io.geoprotocol.hub.integrity;

import io.geoprotocol.hub.money.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the invariants of an equivalent from the database, and stores and reads checkpoints. */
public class IntegrityChecker {

    private final DatabaseClient db;
    private final JsonMapper json;

    public IntegrityChecker(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** One stored checkpoint. */
    public record Checkpoint(String equivalent, String checksum, String status, Map<String, Object> invariants,
            Instant createdAt) {
    }

    private record DebtRow(String debtor, String creditor, BigDecimal amount) {
    }

    public Flux<String> equivalents() {
        return db.sql("SELECT code FROM equivalents ORDER BY code")
                .map((row, meta) -> row.get("code", String.class))
                .all();
    }

    public Mono<Boolean> exists(String equivalent) {
        return db.sql("SELECT 1 FROM equivalents WHERE code = :eq")
                .bind("eq", equivalent)
                .map((row, meta) -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /** Every invariant of one equivalent; empty when it does not exist. */
    public Mono<EquivalentCheck> check(String equivalent) {
        Mono<Integer> precision = db.sql("SELECT precision FROM equivalents WHERE code = :eq")
                .bind("eq", equivalent)
                .map((row, meta) -> row.get("precision", Integer.class))
                .one();
        Mono<List<DebtRow>> debts = db.sql("SELECT debtor, creditor, amount FROM debts WHERE equivalent = :eq")
                .bind("eq", equivalent)
                .map((row, meta) -> new DebtRow(row.get("debtor", String.class), row.get("creditor", String.class),
                        row.get("amount", BigDecimal.class)))
                .all()
                .collectList();
        return precision.flatMap(p -> Mono.zip(debts, overLimit(equivalent, p), mutual(equivalent, p))
                .map(t -> new EquivalentCheck(equivalent, p, checksum(t.getT1(), p), t.getT1().size(),
                        netSum(t.getT1()), t.getT2(), t.getT3())));
    }

    /** Debts above their line's limit, or with no line at all; amounts with the equivalent's decimals. */
    private Mono<List<Map<String, Object>>> overLimit(String equivalent, int precision) {
        return db.sql("""
                        SELECT d.debtor, d.creditor, d.amount, t.credit_limit
                        FROM debts d
                        LEFT JOIN trust_lines t ON t.from_pid = d.creditor AND t.to_pid = d.debtor
                          AND t.equivalent = d.equivalent AND t.status <> 'closed'
                        WHERE d.equivalent = :eq AND (t.id IS NULL OR d.amount > t.credit_limit)
                        ORDER BY d.debtor, d.creditor""")
                .bind("eq", equivalent)
                .map((row, meta) -> {
                    BigDecimal limit = row.get("credit_limit", BigDecimal.class);
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("debtor", row.get("debtor", String.class));
                    v.put("creditor", row.get("creditor", String.class));
                    v.put("amount", Amounts.report(row.get("amount", BigDecimal.class), precision));
                    v.put("limit", limit == null ? null : Amounts.report(limit, precision));
                    return v;
                })
                .all()
                .collectList();
    }

    /** Pairs owing each other both ways, each pair once. */
    private Mono<List<Map<String, Object>>> mutual(String equivalent, int precision) {
        return db.sql("""
                        SELECT a.debtor, a.creditor, a.amount, b.amount AS amount_back
                        FROM debts a JOIN debts b
                          ON a.debtor = b.creditor AND a.creditor = b.debtor AND a.equivalent = b.equivalent
                        WHERE a.equivalent = :eq AND a.debtor < b.debtor
                        ORDER BY a.debtor, a.creditor""")
                .bind("eq", equivalent)
                .map((row, meta) -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("debtor", row.get("debtor", String.class));
                    v.put("creditor", row.get("creditor", String.class));
                    v.put("amount", Amounts.report(row.get("amount", BigDecimal.class), precision));
                    v.put("amount_back", Amounts.report(row.get("amount_back", BigDecimal.class), precision));
                    return v;
                })
                .all()
                .collectList();
    }

    /**
     * SHA-256 over the canonical text of the debts: one line {@code debtor|creditor|amount}
     * per debt, sorted by debtor then creditor (code point order), amounts with exactly the
     * equivalent's decimals. Equal debt states give equal checksums on any replica.
     */
    static String checksum(List<DebtRow> debts, int precision) {
        List<DebtRow> sorted = new ArrayList<>(debts);
        sorted.sort(Comparator.comparing(DebtRow::debtor).thenComparing(DebtRow::creditor));
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (DebtRow d : sorted) {
            String line = d.debtor() + "|" + d.creditor() + "|"
                    + d.amount().setScale(precision, RoundingMode.UNNECESSARY).toPlainString() + "\n";
            sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Sum over participants of (owed to them - owed by them). */
    private static BigDecimal netSum(List<DebtRow> debts) {
        Map<String, BigDecimal> net = new LinkedHashMap<>();
        for (DebtRow d : debts) {
            net.merge(d.creditor(), d.amount(), BigDecimal::add);
            net.merge(d.debtor(), d.amount().negate(), BigDecimal::add);
        }
        return net.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }

    public Mono<Checkpoint> latestCheckpoint(String equivalent) {
        return db.sql("""
                        SELECT equivalent, checksum, status, invariants::text AS invariants, created_at
                        FROM integrity_checkpoints WHERE equivalent = :eq
                        ORDER BY created_at DESC, id DESC LIMIT 1""")
                .bind("eq", equivalent)
                .map((row, meta) -> new Checkpoint(row.get("equivalent", String.class),
                        row.get("checksum", String.class), row.get("status", String.class),
                        readMap(row.get("invariants", String.class)),
                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .one();
    }

    /** The newest checkpoint of any equivalent, for the checkpoint-age gauge. */
    public Mono<Instant> newestCheckpointTime() {
        return db.sql("SELECT max(created_at) AS at FROM integrity_checkpoints")
                .map((row, meta) -> java.util.Optional.ofNullable(row.get("at", OffsetDateTime.class)))
                .one()
                .flatMap(at -> Mono.justOrEmpty(at.map(OffsetDateTime::toInstant)));
    }

    public Mono<Checkpoint> writeCheckpoint(EquivalentCheck check) {
        Map<String, Object> invariants = checkpointInvariants(check);
        return db.sql("""
                        INSERT INTO integrity_checkpoints (equivalent, checksum, status, invariants)
                        VALUES (:eq, :checksum, :status, :invariants::jsonb) RETURNING created_at""")
                .bind("eq", check.equivalent())
                .bind("checksum", check.checksum())
                .bind("status", check.status())
                .bind("invariants", json.writeValueAsString(invariants))
                .map((row, meta) -> row.get("created_at", OffsetDateTime.class).toInstant())
                .one()
                .map(at -> new Checkpoint(check.equivalent(), check.checksum(), check.status(), invariants, at));
    }

    static Map<String, Object> checkpointInvariants(EquivalentCheck check) {
        Map<String, Object> invariants = new LinkedHashMap<>();
        invariants.put("status", check.status());
        invariants.put("debts_count", check.debtCount());
        invariants.put("passed", check.healthy());
        invariants.put("checks", check.invariants());
        return invariants;
    }

    private Map<String, Object> readMap(String text) {
        return json.readValue(text, new TypeReference<Map<String, Object>>() { });
    }
}
