package io.geoprotocol.hub.equivalents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * An equivalent as stored: the contract's {@code StoredEquivalent}. Nullable fields are written as
 * null rather than left out, so clients see the full shape.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Equivalent(
        String code,
        String symbol,
        String description,
        int precision,
        Map<String, Object> metadata,
        boolean isActive,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
