package io.geoprotocol.hub.trustlines;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.geoprotocol.hub.money.Amounts;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The contract's {@code TrustLine}. Beside {@code used} (debt plus reservations) it names both
 * parts: {@code debt}, what {@code to} owes {@code from}, and {@code reserved}, the capacity held
 * by payments in flight. Amounts carry exactly the equivalent's precision.
 */
public record TrustLineView(
        UUID id,
        String from,
        String to,
        @JsonInclude(JsonInclude.Include.ALWAYS) String fromDisplayName,
        @JsonInclude(JsonInclude.Include.ALWAYS) String toDisplayName,
        String equivalent,
        String limit,
        String used,
        String debt,
        String reserved,
        String available,
        JsonNode policy,
        String status,
        Instant createdAt,
        Instant updatedAt) {

    public static TrustLineView of(TrustLine line) {
        int precision = line.precision();
        return new TrustLineView(
                line.id(),
                line.fromPid(),
                line.toPid(),
                line.fromDisplayName(),
                line.toDisplayName(),
                line.equivalent(),
                Amounts.format(line.limit(), precision),
                Amounts.format(line.used(), precision),
                Amounts.format(line.debt(), precision),
                Amounts.format(line.reserved(), precision),
                Amounts.format(line.available(), precision),
                line.policy().toJson(precision),
                line.status(),
                line.createdAt(),
                line.updatedAt());
    }
}
