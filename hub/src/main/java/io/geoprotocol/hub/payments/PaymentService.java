package io.geoprotocol.hub.payments;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.crypto.CanonicalJson;
import io.geoprotocol.hub.crypto.Ed25519;
import io.geoprotocol.hub.crypto.SignedRequest;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.web.ApiException;
import io.geoprotocol.hub.web.ErrorCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates payments: checks the signed request, answers replays from the store, routes, then has
 * the ledger prepare and commit. Every accepted request ends COMMITTED or ABORTED, and is stored
 * either way; a timeout aborts what has not committed, and reports a commit that won the race.
 */
@Service
public class PaymentService {

    /** How often a payment is re-routed when the ledger finds the graph view was stale. */
    static final int ROUTING_ATTEMPTS = 3;

    /** Reservations outlive the payment timeout by this much, so recovery never races a live payment. */
    static final Duration RESERVATION_GRACE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

    private final DatabaseClient db;
    private final PaymentLedger ledger;
    private final PaymentStore store;
    private final RouteFinder routes;
    private final List<PaymentListener> listeners;
    private final HubSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final RuntimeSettings runtime;

    public PaymentService(DatabaseClient db, PaymentLedger ledger, PaymentStore store, RouteFinder routes,
            List<PaymentListener> listeners, HubSettings settings, JsonMapper json, Clock clock,
            RuntimeSettings runtime) {
        this.runtime = runtime;
        this.db = db;
        this.ledger = ledger;
        this.store = store;
        this.routes = routes;
        this.listeners = listeners;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** The HTTP status that goes with a result: 200 when committed, the error's status otherwise. */
    public record Outcome(HttpStatus status, PaymentResult result) {
    }

    public Mono<Outcome> create(String payerPid, JsonNode body, String requestId) {
        PaymentRequest request = PaymentRequest.parse(body);
        ObjectNode payload = SignedRequest.payload(body, PaymentRequest.SIGNED_KEYS);

        // A replay is not looked up first: its insert meets the unique tx_id and is answered
        // from the store then, which keeps the common path one round trip shorter.
        return loadParties(payerPid, request.to(), request.equivalent())
                .flatMap(parties -> {
                    SignedRequest.verify(parties.payerKey(), payload, request.signature());
                    String hash = payloadHash(payerPid, payload);
                    return start(request, parties, payload, hash, requestId);
                });
    }

    private Mono<Outcome> start(PaymentRequest request, Parties parties, ObjectNode payload, String hash,
            String requestId) {
        if (!"active".equals(parties.payerStatus())) {
            return Mono.error(ApiException.forbidden("Participant is " + parties.payerStatus()
                    + " and cannot make payments"));
        }
        if (parties.payeeStatus() == null) {
            return Mono.error(ApiException.notFound("Receiver " + request.to() + " not found"));
        }
        if (request.to().equals(parties.payer())) {
            return Mono.error(ApiException.validation("Cannot pay yourself"));
        }
        if (!"active".equals(parties.payeeStatus())) {
            return Mono.error(new ApiException(ErrorCode.E006, HttpStatus.FORBIDDEN,
                    "Receiver is " + parties.payeeStatus() + " and cannot receive payments", Map.of()));
        }

        return precisionOf(request.equivalent(), parties)
                .flatMap(precision -> {
                    BigDecimal amount = Amounts.positive(request.amount(), precision, "amount");
                    PaymentDraft draft = new PaymentDraft(UUID.randomUUID(), request.txId(), parties.payer(),
                            request.to(), request.equivalent(), precision, amount, CanonicalJson.text(payload), hash,
                            requestId, clock.instant().truncatedTo(ChronoUnit.MICROS));
                    Duration timeout = timeout(request);
                    return execute(draft, request)
                            .timeout(timeout)
                            .onErrorResume(TimeoutException.class, e -> onTimeout(draft, timeout));
                });
    }

    private Mono<Outcome> execute(PaymentDraft draft, PaymentRequest request) {
        int hopLimit = runtime.intValue(RuntimeSettings.MAX_PAYMENT_HOPS);
        int maxHops = Math.min(request.maxHops().orElse(hopLimit), hopLimit);
        int maxPaths = runtime.bool(RuntimeSettings.MULTIPATH_ENABLED) ? request.maxPaths().orElse(3) : 1;
        RouteFinder.Query query = new RouteFinder.Query(draft.equivalent(), draft.precision(), draft.payer(),
                draft.payee(), draft.amount(), maxHops, maxPaths, request.avoid());

        return routeAndExecute(draft, query, 1);
    }

    private Mono<Outcome> routeAndExecute(PaymentDraft draft, RouteFinder.Query query, int attempt) {
        return Mono.fromCallable(() -> routes.find(query))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found instanceof RouteFinder.NoRoute) {
                        return abortBeforeLedger(draft, ErrorCode.E001, "No route found between payer and receiver",
                                Map.of());
                    }
                    if (found instanceof RouteFinder.Insufficient lack) {
                        return abortBeforeLedger(draft, ErrorCode.E002, "Insufficient capacity for payment",
                                Map.of("requested", Amounts.format(draft.amount(), draft.precision()),
                                        "available", Amounts.format(lack.available(), draft.precision())));
                    }
                    List<Route> chosen = ((RouteFinder.Found) found).routes();
                    return commit(draft, chosen)
                            .onErrorResume(CapacityShortfallException.class, e -> {
                                routes.refresh(draft.equivalent());
                                if (attempt >= ROUTING_ATTEMPTS) {
                                    return abortBeforeLedger(draft, ErrorCode.E002,
                                            "Insufficient capacity for payment: capacity was taken by "
                                                    + "concurrent payments",
                                            Map.of("attempts", attempt));
                                }
                                log.debug("event=payment_reroute tx_id={} attempt={}", draft.txId(), attempt);
                                return routeAndExecute(draft, query, attempt + 1);
                            });
                })
                .onErrorResume(SqlErrors::isUniqueViolation, e -> replayAfterRace(draft));
    }

    /**
     * Checks and moves the debts in one transaction. A failure other than capacity or a taken
     * tx_id left nothing written, so the payment is stored as aborted with E010.
     */
    private Mono<Outcome> commit(PaymentDraft draft, List<Route> chosen) {
        return ledger.execute(draft, chosen, routesJson(chosen, draft.precision()))
                .retryWhen(retryable())
                .map(done -> {
                    PaymentResult result = committedResult(draft, chosen, done.at());
                    notifyListeners(l -> l.committed(result, done.newDebts()));
                    log.info("event=payment_committed tx_id={} equivalent={} amount={} paths={}", draft.txId(),
                            draft.equivalent(), draft.amount().toPlainString(), chosen.size());
                    return new Outcome(HttpStatus.OK, result);
                })
                .onErrorResume(e -> !(e instanceof CapacityShortfallException) && !SqlErrors.isUniqueViolation(e),
                        e -> {
                            log.error("event=payment_commit_failed tx_id={}", draft.txId(), e);
                            return abortBeforeLedger(draft, ErrorCode.E010, "Payment processing failed", Map.of());
                        });
    }

    private Mono<Outcome> onTimeout(PaymentDraft draft, Duration timeout) {
        String error = errorJson(ErrorCode.E007, "Payment timed out",
                Map.of("timeout_ms", timeout.toMillis()));
        log.warn("event=payment_timeout tx_id={} timeout_ms={}", draft.txId(), timeout.toMillis());
        return ledger.abortUnlessFinal(draft.id(), error)
                .switchIfEmpty(ledger.insertAborted(draft, error)
                        .onErrorResume(SqlErrors::isUniqueViolation, e -> Mono.empty())
                        .then(Mono.empty()))
                .then(finalOutcome(draft))
                .doOnNext(this::notifyIfAborted);
    }

    private Mono<Outcome> abortBeforeLedger(PaymentDraft draft, ErrorCode code, String message,
            Map<String, Object> details) {
        return ledger.insertAborted(draft, errorJson(code, message, details))
                .then(finalOutcome(draft))
                .map(outcome -> {
                    notifyListeners(l -> l.aborted(outcome.result()));
                    log.info("event=payment_aborted tx_id={} equivalent={} code={}", draft.txId(), draft.equivalent(),
                            code);
                    return outcome;
                });
    }

    /** Another request with this tx_id got in first: answer as a replay of it. */
    private Mono<Outcome> replayAfterRace(PaymentDraft draft) {
        return store.findByTxId(draft.txId())
                .map(existing -> replay(existing, draft.payer(), draft.payloadHash()));
    }

    private Mono<Outcome> finalOutcome(PaymentDraft draft) {
        return store.findByTxId(draft.txId())
                .map(stored -> outcome(stored.result()));
    }

    private Outcome replay(PaymentStore.Stored existing, String payer, String hash) {
        if (!"PAYMENT".equals(existing.type()) || !payer.equals(existing.initiator())) {
            throw ApiException.conflict("tx_id is already used", Map.of("tx_id", existing.result().txId()));
        }
        if (!hash.equals(existing.payloadHash())) {
            throw ApiException.conflict("tx_id is already used for a different request",
                    Map.of("tx_id", existing.result().txId()));
        }
        if (!existing.state().equals("COMMITTED") && !existing.state().equals("ABORTED")) {
            throw ApiException.conflict("A payment with this tx_id is in progress",
                    Map.of("tx_id", existing.result().txId(), "retryable", true));
        }
        return outcome(existing.result());
    }

    static Outcome outcome(PaymentResult result) {
        if (result.committed()) {
            return new Outcome(HttpStatus.OK, result);
        }
        String code = result.error() == null ? "E010" : result.error().code();
        HttpStatus status = switch (code) {
            case "E001", "E002", "E003", "E004", "E009" -> HttpStatus.BAD_REQUEST;
            case "E007" -> HttpStatus.GATEWAY_TIMEOUT;
            case "E008" -> HttpStatus.CONFLICT;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return new Outcome(status, result);
    }

    private PaymentResult committedResult(PaymentDraft draft, List<Route> chosen, Instant committedAt) {
        List<PaymentResult.RouteView> views = new ArrayList<>();
        for (Route route : chosen) {
            views.add(new PaymentResult.RouteView(route.path(), Amounts.format(route.amount(), draft.precision())));
        }
        return new PaymentResult(draft.txId(), "COMMITTED", draft.payer(), draft.payee(), draft.equivalent(),
                Amounts.format(draft.amount(), draft.precision()), views, null, draft.createdAt().toString(),
                committedAt.toString());
    }

    /** Payer and payee as stored, and the equivalent's precision (-1 inactive, null unknown). */
    private record Parties(String payer, byte[] payerKey, String payerStatus, String payeeStatus,
            Integer precision) {
    }

    /** One statement for everything a request needs checked before routing. */
    private Mono<Parties> loadParties(String payerPid, String payeePid, String equivalent) {
        return db.sql("""
                        SELECT p.pid, p.public_key, p.status,
                               CASE WHEN e.code IS NULL THEN NULL WHEN e.is_active THEN e.precision ELSE -1 END
                                   AS precision
                        FROM participants p LEFT JOIN equivalents e ON e.code = :eq
                        WHERE p.pid IN (:payer, :payee)""")
                .bind("payer", payerPid)
                .bind("payee", payeePid)
                .bind("eq", equivalent)
                .map((row, meta) -> new Object[] {row.get("pid", String.class), row.get("public_key", String.class),
                    row.get("status", String.class), row.get("precision", Integer.class)})
                .all()
                .collectList()
                .flatMap(rows -> {
                    Object[] payer = rows.stream().filter(r -> r[0].equals(payerPid)).findFirst().orElse(null);
                    Object[] payee = rows.stream().filter(r -> r[0].equals(payeePid)).findFirst().orElse(null);
                    if (payer == null) {
                        return Mono.error(ApiException.unauthorized("Participant of this token no longer exists"));
                    }
                    byte[] key = Ed25519.decodePublicKey((String) payer[1]).orElse(null);
                    return Mono.just(new Parties(payerPid, key, (String) payer[2],
                            payee == null ? null : (String) payee[2], (Integer) payer[3]));
                });
    }

    private static Mono<Integer> precisionOf(String equivalent, Parties parties) {
        if (parties.precision() == null) {
            return Mono.error(ApiException.notFound("Equivalent " + equivalent + " not found"));
        }
        if (parties.precision() < 0) {
            return Mono.error(ApiException.validation("Equivalent " + equivalent + " is not active"));
        }
        return Mono.just(parties.precision());
    }

    private Duration timeout(PaymentRequest request) {
        Duration server = settings.paymentTimeout();
        return request.timeoutMs()
                .map(ms -> Duration.ofMillis(ms))
                .filter(client -> client.compareTo(server) < 0)
                .orElse(server);
    }

    private static Retry retryable() {
        return Retry.backoff(3, Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .filter(SqlErrors::isRetryable);
    }

    private String routesJson(List<Route> chosen, int precision) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Route route : chosen) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", route.path());
            item.put("amount", Amounts.format(route.amount(), precision));
            items.add(item);
        }
        return json.writeValueAsString(items);
    }

    private String errorJson(ErrorCode code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        error.put("details", details);
        return json.writeValueAsString(error);
    }

    /** A payment that ended aborted after reaching the ledger (timeout, failure) is reported too. */
    private void notifyIfAborted(Outcome outcome) {
        if (!outcome.result().committed()) {
            notifyListeners(l -> l.aborted(outcome.result()));
        }
    }

    /** Binds the signed payload to its signer: a replay must come from the same participant. */
    static String payloadHash(String payer, ObjectNode payload) {
        byte[] bytes = (payer + "\n" + CanonicalJson.text(payload)).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(Ed25519.sha256(bytes));
    }

    private void notifyListeners(java.util.function.Consumer<PaymentListener> call) {
        for (PaymentListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("event=payment_listener_failed listener={} error=\"{}\"",
                        listener.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
