package io.geoprotocol.hub.equivalents;

import io.geoprotocol.hub.admin.AuditLog;
import io.geoprotocol.hub.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Equivalents: read by everyone, changed by admins only. Every change and its audit row commit in
 * one transaction.
 */
@Service
public class EquivalentService {

    static final String OBJECT_TYPE = "equivalent";

    private static final Logger log = LoggerFactory.getLogger(EquivalentService.class);
    private static final java.util.regex.Pattern CODE =
            java.util.regex.Pattern.compile(EquivalentRequests.CODE_PATTERN);

    private final EquivalentRepository equivalents;
    private final AuditLog audit;
    private final TransactionalOperator tx;

    EquivalentService(EquivalentRepository equivalents, AuditLog audit, TransactionalOperator tx) {
        this.equivalents = equivalents;
        this.audit = audit;
        this.tx = tx;
    }

    public Mono<List<Equivalent>> list(boolean includeInactive) {
        return equivalents.list(includeInactive).collectList();
    }

    public Mono<Equivalent> create(EquivalentRequests.Create request, ServerWebExchange exchange) {
        Mono<Equivalent> work = equivalents.insert(request)
                .switchIfEmpty(Mono.error(() -> ApiException.conflict(
                        "Equivalent " + request.code() + " already exists", Map.of("code", request.code()))))
                .flatMap(created -> audit.record(AuditLog.Entry.admin(exchange, "admin.equivalents.create",
                                OBJECT_TYPE, created.code(), request.reason(), null, created))
                        .thenReturn(created));
        return tx.transactional(work)
                .doOnNext(created -> log.info("event=equivalent_created code={} precision={}", created.code(),
                        created.precision()));
    }

    public Mono<Equivalent> update(String rawCode, EquivalentRequests.Update request, ServerWebExchange exchange) {
        String code = normalizeCode(rawCode);
        Mono<Equivalent> work = equivalents.lock(code)
                .switchIfEmpty(Mono.error(() -> notFound(code)))
                .flatMap(current -> {
                    Equivalent changed = apply(current, request);
                    if (changed.equals(current)) {
                        return Mono.just(current);
                    }
                    return refusePrecisionChangeInUse(current, changed)
                            .then(equivalents.update(changed))
                            .flatMap(updated -> audit.record(AuditLog.Entry.admin(exchange,
                                            "admin.equivalents.patch", OBJECT_TYPE, code, request.reason(), current,
                                            updated))
                                    .thenReturn(updated));
                });
        return tx.transactional(work);
    }

    /** Deletes an inactive, unused equivalent, as the reference hub does: deactivate first. */
    public Mono<String> delete(String rawCode, EquivalentRequests.Delete request, ServerWebExchange exchange) {
        String code = normalizeCode(rawCode);
        Mono<String> work = equivalents.lock(code)
                .switchIfEmpty(Mono.error(() -> notFound(code)))
                .flatMap(current -> {
                    if (current.isActive()) {
                        return Mono.error(ApiException.conflict(
                                "Deactivate equivalent " + code + " (PATCH is_active=false) before deleting it",
                                Map.of("code", code, "is_active", true)));
                    }
                    return equivalents.usage(code)
                            .flatMap(usage -> usage.inUse()
                                    ? Mono.error(ApiException.conflict("Equivalent " + code
                                            + " is in use and cannot be deleted", usageDetails(code, usage)))
                                    : equivalents.delete(code))
                            .then(audit.record(AuditLog.Entry.admin(exchange, "admin.equivalents.delete",
                                    OBJECT_TYPE, code, request.reason(), current, null)))
                            .thenReturn(code);
                });
        return tx.transactional(work)
                .doOnNext(deleted -> log.info("event=equivalent_deleted code={}", deleted));
    }

    public Mono<EquivalentUsage.Response> usage(String rawCode) {
        String code = normalizeCode(rawCode);
        return equivalents.find(code)
                .switchIfEmpty(Mono.error(() -> notFound(code)))
                .flatMap(found -> equivalents.usage(code))
                .map(usage -> usage.response(code));
    }

    /** Path codes are accepted in any case, like the reference hub, but must fit the code rule. */
    static String normalizeCode(String raw) {
        String code = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(code).matches()) {
            throw ApiException.validation("Invalid equivalent code: " + EquivalentRequests.CODE_RULE,
                    Map.of("field", "code"));
        }
        return code;
    }

    private Mono<Void> refusePrecisionChangeInUse(Equivalent current, Equivalent changed) {
        if (current.precision() == changed.precision()) {
            return Mono.empty();
        }
        return equivalents.usage(current.code())
                .flatMap(usage -> usage.inUse()
                        ? Mono.error(ApiException.conflict("Precision of " + current.code()
                                + " cannot change while trust lines, debts or transactions use it: "
                                + "stored amounts would change meaning", usageDetails(current.code(), usage)))
                        : Mono.empty());
    }

    private static Equivalent apply(Equivalent current, EquivalentRequests.Update request) {
        return new Equivalent(
                current.code(),
                request.symbol() != null ? request.symbol() : current.symbol(),
                request.description() != null ? request.description() : current.description(),
                request.precision() != null ? request.precision() : current.precision(),
                request.metadata() != null ? request.metadata() : current.metadata(),
                request.isActive() != null ? request.isActive() : current.isActive(),
                current.createdAt(),
                current.updatedAt());
    }

    private static Map<String, Object> usageDetails(String code, EquivalentUsage usage) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", code);
        details.put("trustlines", usage.trustlines());
        details.put("debts", usage.debts());
        details.put("transactions", usage.transactions());
        details.put("payment_reservations", usage.paymentReservations());
        details.put("integrity_checkpoints", usage.integrityCheckpoints());
        return details;
    }

    private static ApiException notFound(String code) {
        return ApiException.notFound("Equivalent " + code + " not found");
    }
}
