package io.geoprotocol.hub.trustlines;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A trust line as stored, together with what currently weighs on it: {@code debt} is what
 * {@code to} owes {@code from} in the line's equivalent, {@code reserved} the capacity held by
 * payments in flight over the hop {@code to -> from}. A closed line is history and carries
 * neither, even when a later line between the same pair has debt.
 */
public record TrustLine(
        UUID id,
        String fromPid,
        String toPid,
        String fromDisplayName,
        String toDisplayName,
        String equivalent,
        int precision,
        BigDecimal limit,
        TrustLinePolicy policy,
        String status,
        BigDecimal debt,
        BigDecimal reserved,
        Instant createdAt,
        Instant updatedAt) {

    public static final String ACTIVE = "active";
    public static final String FROZEN = "frozen";
    public static final String CLOSED = "closed";

    public boolean isClosed() {
        return CLOSED.equals(status);
    }

    /** Debt plus reservations: the part of the limit that is not free. */
    public BigDecimal used() {
        return debt.add(reserved);
    }

    /** What is left of the limit, never below zero; a closed line offers nothing. */
    public BigDecimal available() {
        if (isClosed()) {
            return BigDecimal.ZERO;
        }
        return limit.subtract(used()).max(BigDecimal.ZERO);
    }
}
