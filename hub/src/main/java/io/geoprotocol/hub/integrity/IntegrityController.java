package io.geoprotocol.hub.integrity;

import io.geoprotocol.hub.web.ApiException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/integrity}: invariant status, checksums, verification, repairs and their log. */
@RestController
public class IntegrityController {

    private final IntegrityService integrity;
    private final IntegrityRepairs repairs;
    private final IntegrityAccess access;
    private final DatabaseClient db;
    private final JsonMapper json;

    public IntegrityController(IntegrityService integrity, IntegrityRepairs repairs, IntegrityAccess access,
            DatabaseClient db, JsonMapper json) {
        this.integrity = integrity;
        this.repairs = repairs;
        this.access = access;
        this.db = db;
        this.json = json;
    }

    public record EquivalentStatus(String status, String checksum, String lastVerified,
            Map<String, InvariantResult> invariants) {
    }

    public record StatusResponse(String status, String lastCheck, Map<String, EquivalentStatus> equivalents,
            List<String> alerts) {
    }

    public record VerifyResponse(String status, String checkedAt, Map<String, EquivalentStatus> equivalents,
            List<String> alerts) {
    }

    public record ChecksumResponse(String equivalent, String checksum, String createdAt,
            Map<String, Object> invariantsStatus) {
    }

    public record AuditLogItem(String timestamp, String actorId, String action, String objectType, String objectId,
            Map<String, Object> afterState) {
    }

    public record AuditLogResponse(List<AuditLogItem> items) {
    }

    @GetMapping(path = "/api/v1/integrity/status", produces = "application/json")
    public Mono<StatusResponse> status(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        return access.participantOrAdmin(jwt, exchange)
                .then(integrity.check(Optional.empty(), false))
                .map(r -> new StatusResponse(r.status(), r.checkedAt().toString(), equivalents(r), r.alerts()));
    }

    @GetMapping(path = "/api/v1/integrity/checksum/{equivalent}", produces = "application/json")
    public Mono<ChecksumResponse> checksum(@PathVariable("equivalent") String equivalent,
            @AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        IntegrityChecker checker = integrity.checker();
        return access.participantOrAdmin(jwt, exchange)
                .then(checker.check(equivalent))
                .switchIfEmpty(Mono.error(ApiException.notFound("Equivalent " + equivalent + " not found")))
                .flatMap(now -> checker.latestCheckpoint(equivalent)
                        .filter(latest -> latest.checksum().equals(now.checksum()))
                        .switchIfEmpty(Mono.defer(() -> checker.writeCheckpoint(now))))
                .map(c -> new ChecksumResponse(c.equivalent(), c.checksum(), c.createdAt().toString(),
                        c.invariants()));
    }

    @PostMapping(path = "/api/v1/integrity/verify", produces = "application/json")
    public Mono<VerifyResponse> verify(@RequestBody(required = false) JsonNode body, @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        return access.participantOrAdmin(jwt, exchange)
                .then(Mono.defer(() -> {
                    Optional<String> only = equivalentOf(body);
                    return integrity.verify(only)
                            .switchIfEmpty(Mono.error(ApiException.notFound(
                                    "Equivalent " + only.orElse("") + " not found")));
                }))
                .map(r -> new VerifyResponse(r.status(), r.checkedAt().toString(), equivalents(r), r.alerts()));
    }

    @PostMapping(path = "/api/v1/integrity/repair/net-mutual-debts", produces = "application/json")
    public Mono<IntegrityRepairs.NetMutualResult> netMutualDebts(ServerWebExchange exchange) {
        return access.admin(exchange).then(Mono.defer(() -> repairs.netMutualDebts(exchange)));
    }

    @PostMapping(path = "/api/v1/integrity/repair/cap-debts-to-trust-limits", produces = "application/json")
    public Mono<IntegrityRepairs.CapResult> capDebts(ServerWebExchange exchange) {
        return access.admin(exchange).then(Mono.defer(() -> repairs.capDebtsToTrustLimits(exchange)));
    }

    @GetMapping(path = "/api/v1/integrity/audit-log", produces = "application/json")
    public Mono<AuditLogResponse> auditLog(@RequestParam(name = "page", required = false) String page,
            @RequestParam(name = "per_page", required = false) String perPage, @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        return access.participantOrAdmin(jwt, exchange)
                .then(Mono.defer(() -> {
                    int p = bounded(page, "page", 1, 1, Integer.MAX_VALUE / 200);
                    int size = bounded(perPage, "per_page", 20, 1, 200);
                    return db.sql("""
                                    SELECT occurred_at, operation_type, tx_id, equivalent, checksum_before,
                                        checksum_after, affected_participants::text AS affected,
                                        invariants_checked::text AS invariants, verification_passed,
                                        error_details::text AS error
                                    FROM integrity_audit_log ORDER BY occurred_at DESC, id DESC
                                    LIMIT :limit OFFSET :offset""")
                            .bind("limit", size)
                            .bind("offset", (long) (p - 1) * size)
                            .map((row, meta) -> auditItem(row))
                            .all()
                            .collectList()
                            .map(AuditLogResponse::new);
                }));
    }

    private AuditLogItem auditItem(io.r2dbc.spi.Readable row) {
        String operation = row.get("operation_type", String.class);
        String eq = row.get("equivalent", String.class);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("operation_type", operation);
        after.put("tx_id", row.get("tx_id", String.class));
        after.put("equivalent", eq);
        after.put("checksum_before", row.get("checksum_before", String.class));
        after.put("checksum_after", row.get("checksum_after", String.class));
        after.put("affected_participants", parse(row.get("affected", String.class)));
        after.put("invariants_checked", parse(row.get("invariants", String.class)));
        after.put("verification_passed", row.get("verification_passed", Boolean.class));
        after.put("error_details", parse(row.get("error", String.class)));
        String action = "INTEGRITY_VERIFY".equals(operation) ? "integrity.verify"
                : "integrity." + operation.toLowerCase(java.util.Locale.ROOT);
        return new AuditLogItem(row.get("occurred_at", OffsetDateTime.class).toInstant().toString(), null, action,
                "equivalent", eq, after);
    }

    private Object parse(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static Map<String, EquivalentStatus> equivalents(IntegrityService.Report report) {
        Map<String, EquivalentStatus> out = new LinkedHashMap<>();
        for (EquivalentCheck check : report.checks()) {
            var verified = report.lastVerified().get(check.equivalent());
            out.put(check.equivalent(), new EquivalentStatus(check.status(), check.checksum(),
                    verified == null ? null : verified.toString(), check.invariants()));
        }
        return out;
    }

    private static Optional<String> equivalentOf(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return Optional.empty();
        }
        if (!body.isObject()) {
            throw ApiException.validation("Body must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("equivalent")) {
                throw ApiException.validation("Unknown field '" + name + "'");
            }
        }
        JsonNode eq = body.get("equivalent");
        if (eq == null || eq.isNull()) {
            return Optional.empty();
        }
        if (!eq.isString() || !eq.asString().matches("[A-Z0-9_]{1,16}")) {
            throw ApiException.validation("Field 'equivalent' must be 1-16 of A-Z, 0-9 and _");
        }
        return Optional.of(eq.asString());
    }

    private static int bounded(String raw, String name, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw ApiException.validation("Query parameter '" + name + "' must be a whole number from " + min
                + " to " + max);
    }
}
