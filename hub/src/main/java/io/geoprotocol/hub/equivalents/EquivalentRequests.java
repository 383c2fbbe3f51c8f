package io.geoprotocol.hub.equivalents;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Bodies of the admin equivalent endpoints, as the contract names them. */
public final class EquivalentRequests {

    public static final String CODE_PATTERN = "^[A-Z0-9_]{1,16}$";
    public static final String CODE_RULE = "must be 1 to 16 characters of A-Z, 0-9 or underscore";

    /** SPEC.md: precision is 0 to 8 decimal places (the schema's 18 would overflow NUMERIC(38, 8)). */
    public static final int MAX_PRECISION = 8;

    private EquivalentRequests() {
    }

    /** {@code AdminEquivalentCreateRequest}. */
    public record Create(
            @NotNull @Pattern(regexp = CODE_PATTERN, message = CODE_RULE) String code,
            @Size(max = 16) String symbol,
            @Size(max = 2000) String description,
            @Min(0) @Max(MAX_PRECISION) Integer precision,
            Map<String, Object> metadata,
            Boolean isActive,
            @Size(max = 2000) String reason) {

        int precisionOrDefault() {
            return precision != null ? precision : 2;
        }

        boolean activeOrDefault() {
            return isActive == null || isActive;
        }
    }

    /** {@code AdminEquivalentUpdateRequest}: a null (or absent) field is left unchanged. */
    public record Update(
            @Size(max = 16) String symbol,
            @Size(max = 2000) String description,
            @Min(0) @Max(MAX_PRECISION) Integer precision,
            Map<String, Object> metadata,
            Boolean isActive,
            @Size(max = 2000) String reason) {
    }

    /** The body of {@code DELETE /admin/equivalents/{code}}: the contract requires a reason. */
    public record Delete(@NotBlank @Size(max = 2000) String reason) {
    }
}
