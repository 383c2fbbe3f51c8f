package io.geoprotocol.hub.trustlines;

import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL over {@code trust_lines}, read together with the debt and the reservations that weigh on
 * each line. Every read of {@code used} is a fresh statement: under READ COMMITTED that is what
 * makes "lock the line, then read its debt" see every payment committed before the lock was
 * granted (a single {@code SELECT ... FOR UPDATE} joined with {@code debts} would re-check only
 * the locked row and keep the older debt).
 */
@Repository
public class TrustLineRepository {

    /** The partial unique index that allows one live line per (from, to, equivalent). */
    public static final String LIVE_TRIPLE_INDEX = "trust_lines_live_triple_uq";

    private static final String VIEW = """
            SELECT t.id, t.from_pid, t.to_pid, pf.display_name AS from_name, pt.display_name AS to_name,
                   t.equivalent, e.precision, t.credit_limit, t.auto_clearing, t.can_be_intermediate,
                   t.max_hop_usage, t.daily_limit, t.blocked_participants, t.status, t.created_at,
                   t.updated_at,
                   CASE WHEN t.status = 'closed' THEN 0 ELSE COALESCE(d.amount, 0) END AS debt,
                   CASE WHEN t.status = 'closed' THEN 0 ELSE COALESCE(r.amount, 0) END AS reserved
            FROM trust_lines t
            JOIN participants pf ON pf.pid = t.from_pid
            JOIN participants pt ON pt.pid = t.to_pid
            JOIN equivalents e ON e.code = t.equivalent
            LEFT JOIN debts d
                   ON d.debtor = t.to_pid AND d.creditor = t.from_pid AND d.equivalent = t.equivalent
            LEFT JOIN LATERAL (
                SELECT SUM(pr.amount) AS amount
                FROM payment_reservations pr
                WHERE pr.payer = t.to_pid AND pr.payee = t.from_pid AND pr.equivalent = t.equivalent
                  AND pr.expires_at > now()
            ) r ON TRUE
            """;

    private final DatabaseClient db;

    public TrustLineRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The line's identity and state, locked ({@code FOR UPDATE}) until the transaction ends. */
    public record LockedLine(UUID id, String fromPid, String toPid, String equivalent, String status) {
    }

    /** Which lines of a participant a listing covers. */
    public enum Direction {
        OUTGOING, INCOMING, ALL
    }

    public Mono<TrustLine> find(UUID id) {
        return db.sql(VIEW + " WHERE t.id = :id")
                .bind("id", id)
                .map(TrustLineRepository::line)
                .one();
    }

    /** The live (active or frozen) line from {@code from} to {@code to} in an equivalent. */
    public Mono<TrustLine> findLive(String from, String to, String equivalent) {
        return db.sql(VIEW + " WHERE t.from_pid = :from AND t.to_pid = :to AND t.equivalent = :eq"
                        + " AND t.status <> 'closed'")
                .bind("from", from)
                .bind("to", to)
                .bind("eq", equivalent)
                .map(TrustLineRepository::line)
                .one();
    }

    /** Locks a line row for the rest of the current transaction; empty when there is none. */
    public Mono<LockedLine> lock(UUID id) {
        return db.sql("SELECT id, from_pid, to_pid, equivalent, status FROM trust_lines WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(TrustLineRepository::locked)
                .one();
    }

    /** Locks the live line from {@code from} to {@code to}, if there is one. */
    public Mono<LockedLine> lockLive(String from, String to, String equivalent) {
        return db.sql("SELECT id, from_pid, to_pid, equivalent, status FROM trust_lines"
                        + " WHERE from_pid = :from AND to_pid = :to AND equivalent = :eq AND status <> 'closed'"
                        + " FOR UPDATE")
                .bind("from", from)
                .bind("to", to)
                .bind("eq", equivalent)
                .map(TrustLineRepository::locked)
                .one();
    }

    /**
     * A participant's lines, newest first. {@code equivalent} and {@code status} are optional
     * filters; the id breaks ties so pages neither repeat nor skip rows.
     */
    public Flux<TrustLine> list(String pid, Direction direction, String equivalent, String status,
            int limit, long offset) {
        StringBuilder sql = new StringBuilder(VIEW).append(" WHERE ");
        sql.append(switch (direction) {
            case OUTGOING -> "t.from_pid = :pid";
            case INCOMING -> "t.to_pid = :pid";
            case ALL -> "(t.from_pid = :pid OR t.to_pid = :pid)";
        });
        if (equivalent != null) {
            sql.append(" AND t.equivalent = :eq");
        }
        if (status != null) {
            sql.append(" AND t.status = :status");
        }
        sql.append(" ORDER BY t.created_at DESC, t.id ASC LIMIT :limit OFFSET :offset");

        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString())
                .bind("pid", pid)
                .bind("limit", limit)
                .bind("offset", offset);
        if (equivalent != null) {
            spec = spec.bind("eq", equivalent);
        }
        if (status != null) {
            spec = spec.bind("status", status);
        }
        return spec.map(TrustLineRepository::line).all();
    }

    /**
     * Lines matching an SQL condition over the view's columns (alias {@code t} for the line,
     * {@code d} for its debt), in the given order, with named parameters; for admin listings.
     */
    public Flux<TrustLine> search(String condition, Map<String, Object> params, String orderBy, int limit,
            long offset) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(VIEW + " WHERE " + condition + " ORDER BY " + orderBy
                        + " LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset);
        for (var param : params.entrySet()) {
            spec = spec.bind(param.getKey(), param.getValue());
        }
        return spec.map(TrustLineRepository::line).all();
    }

    /** Inserts an active line; fails with a {@link #isLiveTripleConflict live-triple conflict} on a duplicate. */
    public Mono<Void> insert(UUID id, String from, String to, String equivalent, BigDecimal limit,
            TrustLinePolicy policy) {
        return db.sql("""
                        INSERT INTO trust_lines (id, from_pid, to_pid, equivalent, credit_limit, auto_clearing,
                                                 can_be_intermediate, max_hop_usage, daily_limit,
                                                 blocked_participants)
                        VALUES (:id, :from, :to, :eq, :limit, :clearing, :intermediate, :hops, :daily,
                                CAST(:blocked AS VARCHAR(64)[]))
                        """)
                .bind("id", id)
                .bind("from", from)
                .bind("to", to)
                .bind("eq", equivalent)
                .bind("limit", limit)
                .bind("clearing", policy.autoClearing())
                .bind("intermediate", policy.canBeIntermediate())
                .bind("hops", Parameter.fromOrEmpty(policy.maxHopUsage(), Integer.class))
                .bind("daily", Parameter.fromOrEmpty(policy.dailyLimit(), BigDecimal.class))
                .bind("blocked", policy.blockedParticipants().toArray(String[]::new))
                .then();
    }

    public Mono<Void> update(UUID id, BigDecimal limit, TrustLinePolicy policy) {
        return db.sql("""
                        UPDATE trust_lines
                        SET credit_limit = :limit, auto_clearing = :clearing, can_be_intermediate = :intermediate,
                            max_hop_usage = :hops, daily_limit = :daily,
                            blocked_participants = CAST(:blocked AS VARCHAR(64)[]), updated_at = now()
                        WHERE id = :id
                        """)
                .bind("id", id)
                .bind("limit", limit)
                .bind("clearing", policy.autoClearing())
                .bind("intermediate", policy.canBeIntermediate())
                .bind("hops", Parameter.fromOrEmpty(policy.maxHopUsage(), Integer.class))
                .bind("daily", Parameter.fromOrEmpty(policy.dailyLimit(), BigDecimal.class))
                .bind("blocked", policy.blockedParticipants().toArray(String[]::new))
                .then();
    }

    public Mono<Void> close(UUID id) {
        return db.sql("UPDATE trust_lines SET status = 'closed', updated_at = now() WHERE id = :id")
                .bind("id", id)
                .then();
    }

    /** True when {@code failure} is the live-triple unique index refusing a second live line. */
    public static boolean isLiveTripleConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PostgresqlException pg) {
                Optional<String> constraint = pg.getErrorDetails().getConstraintName();
                return "23505".equals(pg.getErrorDetails().getCode())
                        && constraint.filter(LIVE_TRIPLE_INDEX::equals).isPresent();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static TrustLine line(Readable row) {
        String[] blocked = row.get("blocked_participants", String[].class);
        TrustLinePolicy policy = new TrustLinePolicy(
                Boolean.TRUE.equals(row.get("auto_clearing", Boolean.class)),
                Boolean.TRUE.equals(row.get("can_be_intermediate", Boolean.class)),
                row.get("max_hop_usage", Integer.class),
                row.get("daily_limit", BigDecimal.class),
                blocked == null ? List.of() : Arrays.asList(blocked));
        return new TrustLine(
                row.get("id", UUID.class),
                row.get("from_pid", String.class),
                row.get("to_pid", String.class),
                row.get("from_name", String.class),
                row.get("to_name", String.class),
                row.get("equivalent", String.class),
                row.get("precision", Short.class),
                row.get("credit_limit", BigDecimal.class),
                policy,
                row.get("status", String.class),
                row.get("debt", BigDecimal.class),
                row.get("reserved", BigDecimal.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("updated_at", OffsetDateTime.class)));
    }

    private static LockedLine locked(Readable row) {
        return new LockedLine(
                row.get("id", UUID.class),
                row.get("from_pid", String.class),
                row.get("to_pid", String.class),
                row.get("equivalent", String.class),
                row.get("status", String.class));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
