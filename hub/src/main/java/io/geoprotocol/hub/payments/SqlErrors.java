package io.geoprotocol.hub.payments;

import io.r2dbc.spi.R2dbcException;
import java.util.Set;

/** Classifies database failures by SQLSTATE, wherever they sit in the cause chain. */
public final class SqlErrors {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "55P03");

    private SqlErrors() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return UNIQUE_VIOLATION.equals(sqlState(failure));
    }

    /** Serialization failures, deadlocks and lock timeouts: the same work may succeed if retried. */
    public static boolean isRetryable(Throwable failure) {
        String state = sqlState(failure);
        return state != null && RETRYABLE.contains(state);
    }

    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
                return r2dbc.getSqlState();
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
