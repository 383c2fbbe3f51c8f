package io.geoprotocol.hub.payments;

import io.geoprotocol.hub.web.ApiException;
import io.geoprotocol.hub.web.RequestId;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Payments of the v0.1 contract: create, history, one payment, and routing diagnostics. */
@RestController
@RequestMapping("/api/v1/payments")
public class PaymentController {

    private static final Set<String> DIRECTIONS = Set.of("sent", "received", "all");
    private static final Set<String> STATUSES = Set.of("COMMITTED", "ABORTED", "all");

    private final PaymentService payments;
    private final PaymentStore store;
    private final PaymentDiagnostics diagnostics;

    public PaymentController(PaymentService payments, PaymentStore store, PaymentDiagnostics diagnostics) {
        this.payments = payments;
        this.store = store;
        this.diagnostics = diagnostics;
    }

    @PostMapping
    public Mono<ResponseEntity<PaymentResult>> create(@AuthenticationPrincipal Jwt jwt, @RequestBody JsonNode body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> payments.create(jwt.getSubject(), body, RequestId.of(exchange)))
                .map(outcome -> ResponseEntity.status(outcome.status()).body(outcome.result()));
    }

    @GetMapping
    public Mono<Map<String, List<PaymentResult>>> list(@AuthenticationPrincipal Jwt jwt,
            @RequestParam(defaultValue = "all") String direction,
            @RequestParam(required = false) String equivalent,
            @RequestParam(defaultValue = "all") String status,
            @RequestParam(name = "from_date", required = false) String fromDate,
            @RequestParam(name = "to_date", required = false) String toDate,
            @RequestParam(defaultValue = "1") int page,
            @RequestParam(name = "per_page", defaultValue = "20") int perPage) {
        if (!DIRECTIONS.contains(direction)) {
            return Mono.error(ApiException.validation("direction must be one of sent, received, all"));
        }
        if (!STATUSES.contains(status)) {
            return Mono.error(ApiException.validation("status must be one of COMMITTED, ABORTED, all"));
        }
        if (page < 1 || perPage < 1 || perPage > 200) {
            return Mono.error(ApiException.validation("page must be >= 1 and per_page between 1 and 200"));
        }

        PaymentQuery query = new PaymentQuery(jwt.getSubject(), direction, equivalent,
                "all".equals(status) ? null : status, date("from_date", fromDate), date("to_date", toDate), page,
                perPage);
        return store.list(query)
                .collectList()
                .map(items -> Map.of("items", items));
    }

    @GetMapping("/{txId}")
    public Mono<PaymentResult> get(@AuthenticationPrincipal Jwt jwt, @PathVariable String txId) {
        String pid = jwt.getSubject();
        return store.findByTxId(txId)
                .filter(stored -> "PAYMENT".equals(stored.type()))
                .filter(stored -> stored.involved() != null && List.of(stored.involved()).contains(pid))
                .map(PaymentStore.Stored::result)
                .switchIfEmpty(Mono.error(ApiException.notFound("Payment " + txId + " not found")));
    }

    @GetMapping("/capacity")
    public Mono<Map<String, Object>> capacity(@AuthenticationPrincipal Jwt jwt, @RequestParam String to,
            @RequestParam String equivalent, @RequestParam String amount) {
        return diagnostics.capacity(jwt.getSubject(), to, equivalent, amount);
    }

    @GetMapping("/max-flow")
    public Mono<Map<String, Object>> maxFlow(@AuthenticationPrincipal Jwt jwt, @RequestParam String to,
            @RequestParam String equivalent) {
        return diagnostics.maxFlow(jwt.getSubject(), to, equivalent);
    }

    private static OffsetDateTime date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(value).atOffset(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw ApiException.validation(field + " must be an ISO 8601 date-time such as 2025-11-29T12:00:00Z");
            }
        }
    }
}
