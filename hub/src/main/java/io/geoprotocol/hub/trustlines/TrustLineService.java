package io.geoprotocol.hub.trustlines;

import io.geoprotocol.hub.balance.DebtRepository;
import io.geoprotocol.hub.crypto.Ed25519;
import io.geoprotocol.hub.crypto.SignedRequest;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.trustlines.TrustLineDirectory.Party;
import io.geoprotocol.hub.trustlines.TrustLineDirectory.Unit;
import io.geoprotocol.hub.trustlines.TrustLineRepository.Direction;
import io.geoprotocol.hub.web.ApiException;
import io.geoprotocol.hub.web.ErrorCode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opening, changing and closing trust lines, each by its owner ({@code from}) with a signed
 * request.
 *
 * <p><b>Concurrency.</b> The invariant {@code debt[to -> from] <= limit} must survive payments
 * running at the same time. Every change of an existing line first locks its row
 * ({@code SELECT ... FOR UPDATE}) and only then, in a separate statement of the same transaction,
 * reads the debt it checks against. The payment engine locks the lines of a payment in a
 * deterministic order and re-reads the debts under those locks before moving them, so a limit
 * change and a payment over the same line serialise on that row: whichever commits second sees
 * the other's result. Capacity merely reserved by a payment in flight does not stop the owner
 * from lowering the limit down to the debt; that payment then fails its own check under the lock.
 * A new line is guarded by the partial unique index {@value TrustLineRepository#LIVE_TRIPLE_INDEX}:
 * of two concurrent creations of the same line, one commits and the other gets 409.
 *
 * <p><b>Frozen lines</b> (set by an administrator) take no part in payments, but their owner may
 * still lower or raise the limit, change the policy and close them; the line stays frozen.
 * Closed lines are history: they cannot be changed, and creating the same line again opens a
 * new row.
 *
 * <p>Each change is journaled in the same transaction and announced to {@link TrustLineEvents}
 * after the commit.
 */
@Service
public class TrustLineService {

    private static final Logger log = LoggerFactory.getLogger(TrustLineService.class);

    private static final Pattern EQUIVALENT_CODE = Pattern.compile("^[A-Z0-9_]{1,16}$");
    private static final List<String> CREATE_KEYS = List.of("to", "equivalent", "limit", "policy");

    private final TrustLineRepository lines;
    private final DebtRepository debts;
    private final TrustLineDirectory directory;
    private final TrustLineAudit audit;
    private final TransactionalOperator tx;
    private final ObjectProvider<TrustLineEvents> events;

    public TrustLineService(TrustLineRepository lines, DebtRepository debts, TrustLineDirectory directory,
            TrustLineAudit audit, TransactionalOperator tx, ObjectProvider<TrustLineEvents> events) {
        this.lines = lines;
        this.debts = debts;
        this.directory = directory;
        this.audit = audit;
        this.tx = tx;
        this.events = events;
    }

    /** A listing request, already validated. */
    public record ListQuery(Direction direction, String equivalent, String status, int page, int perPage) {
    }

    private record CreateRequest(String to, String equivalent, String limit, JsonNode policy, String signature) {
    }

    private record UpdateRequest(String limit, JsonNode policy, String signature) {
    }

    private record NewLine(String from, String to, Unit equivalent, BigDecimal limit, TrustLinePolicy policy) {
    }

    // ---- create ------------------------------------------------------------------------------

    public Mono<TrustLine> create(String trusterPid, JsonNode body) {
        return Mono.fromCallable(() -> createRequest(body))
                .flatMap(request -> signedBy(trusterPid, createPayload(body), request.signature())
                        .flatMap(truster -> truster.isActive()
                                ? Mono.just(truster)
                                : Mono.error(ApiException.forbidden("Only active participants can open trust lines")))
                        .flatMap(truster -> resolve(truster, request)))
                .flatMap(line -> insert(line).as(tx::transactional))
                .doOnNext(line -> log.info("event=trust_line_created id={} from={} to={} equivalent={} limit={}",
                        line.id(), line.fromPid(), line.toPid(), line.equivalent(), line.limit().toPlainString()))
                .doOnNext(this::announce);
    }

    private Mono<NewLine> resolve(Party truster, CreateRequest request) {
        if (truster.pid().equals(request.to())) {
            return Mono.error(ApiException.validation("Cannot create a trust line to yourself",
                    Map.of("field", "to")));
        }
        Mono<Party> to = directory.participant(request.to())
                .switchIfEmpty(Mono.error(ApiException.notFound("Participant not found: " + request.to())))
                .flatMap(party -> party.isActive()
                        ? Mono.just(party)
                        : Mono.error(ApiException.validation("Participant " + party.pid() + " is not active",
                                Map.of("field", "to", "status", party.status()))));
        Mono<Unit> equivalent = directory.equivalent(request.equivalent())
                .switchIfEmpty(Mono.error(ApiException.notFound("Equivalent not found: " + request.equivalent())))
                .flatMap(unit -> unit.active()
                        ? Mono.just(unit)
                        : Mono.error(ApiException.validation("Equivalent " + unit.code() + " is not active",
                                Map.of("field", "equivalent"))));

        return to.flatMap(party -> equivalent.flatMap(unit -> Mono.fromCallable(() -> new NewLine(
                truster.pid(),
                party.pid(),
                unit,
                Amounts.nonNegative(request.limit(), unit.precision(), "limit"),
                TrustLinePolicy.DEFAULT.merge(request.policy(), unit.precision())))));
    }

    private Mono<TrustLine> insert(NewLine line) {
        UUID id = UUID.randomUUID();
        String eq = line.equivalent().code();

        Mono<Void> noLiveLine = lines.findLive(line.from(), line.to(), eq)
                .flatMap(existing -> Mono.<Void>error(ApiException.conflict("A live trust line to this participant "
                        + "in this equivalent already exists", Map.of("trust_line_id", existing.id().toString()))));

        // A reopened line inherits whatever the pair still owes from the old line's era.
        Mono<Map<String, Object>> limitCoversDebt = debts.amount(line.to(), line.from(), eq)
                .flatMap(debt -> checkLimit(null, line.limit(), debt, line.equivalent().precision()));

        return noLiveLine
                .then(limitCoversDebt)
                .flatMap(invariants -> lines.insert(id, line.from(), line.to(), eq, line.limit(), line.policy())
                        .onErrorMap(TrustLineRepository::isLiveTripleConflict, e -> ApiException.conflict(
                                "A live trust line to this participant in this equivalent already exists",
                                Map.of("reason", "CONCURRENT_TRUSTLINE_CREATE")))
                        .then(lines.find(id))
                        .flatMap(created -> audit.record(TrustLineAudit.CREATE, created, invariants)
                                .thenReturn(created)));
    }

    private static ObjectNode createPayload(JsonNode body) {
        return withoutNulls(SignedRequest.payload(body, CREATE_KEYS), "policy");
    }

    // ---- update ------------------------------------------------------------------------------

    public Mono<TrustLine> update(String ownerPid, UUID id, JsonNode body) {
        return Mono.fromCallable(() -> updateRequest(body))
                .flatMap(request -> ownedLiveLine(ownerPid, id)
                        .flatMap(line -> signedBy(ownerPid, updatePayload(id, body), request.signature()))
                        .then(applyUpdate(id, request).as(tx::transactional)))
                .doOnNext(line -> log.info("event=trust_line_updated id={} from={} equivalent={} limit={}",
                        line.id(), line.fromPid(), line.equivalent(), line.limit().toPlainString()))
                .doOnNext(this::announce);
    }

    /** Under the line lock: the request is applied to the line as it is now, not as first read. */
    private Mono<TrustLine> applyUpdate(UUID id, UpdateRequest request) {
        return lockedLiveLine(id)
                .then(lines.find(id))
                .flatMap(line -> Mono.fromCallable(() -> changed(line, request))
                        .flatMap(change -> debts.amount(line.toPid(), line.fromPid(), line.equivalent())
                                .flatMap(debt -> checkLimit(id, change.limit(), debt, line.precision()))
                                .flatMap(invariants -> lines.update(id, change.limit(), change.policy())
                                        .then(lines.find(id))
                                        .flatMap(updated -> audit.record(TrustLineAudit.UPDATE, updated, invariants)
                                                .thenReturn(updated)))));
    }

    private record Change(BigDecimal limit, TrustLinePolicy policy) {
    }

    private static Change changed(TrustLine line, UpdateRequest request) {
        BigDecimal limit = request.limit() == null
                ? line.limit()
                : Amounts.nonNegative(request.limit(), line.precision(), "limit");
        return new Change(limit, line.policy().merge(request.policy(), line.precision()));
    }

    private static ObjectNode updatePayload(UUID id, JsonNode body) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("id", id.toString());
        payload.setAll(withoutNulls(SignedRequest.payload(body, List.of("limit", "policy")), "limit", "policy"));
        return payload;
    }

    // ---- close -------------------------------------------------------------------------------

    public Mono<TrustLine> close(String ownerPid, UUID id, JsonNode body) {
        return Mono.fromCallable(() -> closeSignature(body))
                .flatMap(signature -> ownedLiveLine(ownerPid, id)
                        .flatMap(line -> signedBy(ownerPid, idPayload(id), signature))
                        .then(applyClose(id).as(tx::transactional)))
                .doOnNext(line -> log.info("event=trust_line_closed id={} from={} to={} equivalent={}",
                        line.id(), line.fromPid(), line.toPid(), line.equivalent()))
                .doOnNext(this::announce);
    }

    private Mono<TrustLine> applyClose(UUID id) {
        return lockedLiveLine(id)
                .then(lines.find(id))
                .flatMap(line -> debts.amount(line.toPid(), line.fromPid(), line.equivalent())
                        .flatMap(used -> debts.amount(line.fromPid(), line.toPid(), line.equivalent())
                                .flatMap(reverse -> {
                                    if (used.signum() > 0 || reverse.signum() > 0) {
                                        return Mono.error(ApiException.validation("Cannot close a trust line while "
                                                + "debt remains between its parties", Map.of(
                                                        "trust_line_id", id.toString(),
                                                        "used", Amounts.format(used, line.precision()),
                                                        "reverse_debt", Amounts.format(reverse, line.precision()))));
                                    }
                                    return lines.close(id)
                                            .then(audit.record(TrustLineAudit.CLOSE, line,
                                                    Map.of("no_debt", Map.of("passed", true))))
                                            .then(lines.find(id));
                                })));
    }

    private static ObjectNode idPayload(UUID id) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("id", id.toString());
        return payload;
    }

    // ---- reads -------------------------------------------------------------------------------

    /** A line as seen by one of its two parties; anyone else is told it does not exist. */
    public Mono<TrustLine> get(String viewerPid, UUID id) {
        return lines.find(id)
                .filter(line -> line.fromPid().equals(viewerPid) || line.toPid().equals(viewerPid))
                .switchIfEmpty(Mono.error(ApiException.notFound("Trust line not found")));
    }

    public Flux<TrustLine> list(String pid, ListQuery query) {
        Mono<Void> equivalentExists = query.equivalent() == null
                ? Mono.empty()
                : directory.equivalent(query.equivalent())
                        .switchIfEmpty(Mono.error(ApiException.notFound("Equivalent not found: " + query.equivalent())))
                        .then();
        long offset = (long) (query.page() - 1) * query.perPage();
        return equivalentExists.thenMany(lines.list(pid, query.direction(), query.equivalent(), query.status(),
                query.perPage(), offset));
    }

    /** Validates an equivalent code given as a query filter. */
    public static String equivalentCode(String code, String field) {
        if (code == null || !EQUIVALENT_CODE.matcher(code).matches()) {
            throw ApiException.validation("Invalid " + field + ": expected an equivalent code such as \"UAH\"",
                    Map.of("field", field));
        }
        return code;
    }

    // ---- shared steps ------------------------------------------------------------------------

    /** The line, if it exists, belongs to {@code ownerPid} and is not closed. */
    private Mono<TrustLine> ownedLiveLine(String ownerPid, UUID id) {
        return lines.find(id)
                .switchIfEmpty(Mono.error(ApiException.notFound("Trust line not found")))
                .flatMap(line -> {
                    if (!line.fromPid().equals(ownerPid)) {
                        return Mono.error(ApiException.forbidden("Only the owner of a trust line may change it"));
                    }
                    if (line.isClosed()) {
                        return Mono.error(closedConflict(id));
                    }
                    return Mono.just(line);
                });
    }

    /** Locks the line row; it may have been closed between the first read and the lock. */
    private Mono<TrustLineRepository.LockedLine> lockedLiveLine(UUID id) {
        return lines.lock(id)
                .switchIfEmpty(Mono.error(ApiException.notFound("Trust line not found")))
                .flatMap(locked -> TrustLine.CLOSED.equals(locked.status())
                        ? Mono.error(closedConflict(id))
                        : Mono.just(locked));
    }

    private static ApiException closedConflict(UUID id) {
        return ApiException.conflict("The trust line is closed",
                Map.of("reason", "TRUSTLINE_CLOSED", "trust_line_id", id.toString()));
    }

    /** E003 when the limit would fall below the debt; otherwise the invariant that was checked. */
    private static Mono<Map<String, Object>> checkLimit(UUID id, BigDecimal limit, BigDecimal debt, int precision) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (id != null) {
            details.put("trust_line_id", id.toString());
        }
        details.put("limit", Amounts.format(limit, precision));
        details.put("used", Amounts.format(debt, precision));
        if (limit.compareTo(debt) < 0) {
            return Mono.error(new ApiException(ErrorCode.E003,
                    "The limit cannot be lower than what is currently owed on the line", details));
        }
        details.put("passed", true);
        return Mono.just(Map.of("limit_covers_debt", details));
    }

    /** The caller, once its signature over {@code payload} checks out. */
    private Mono<Party> signedBy(String pid, ObjectNode payload, String signature) {
        return directory.participant(pid)
                .switchIfEmpty(Mono.error(ApiException.unauthorized("The participant of this token does not exist")))
                .flatMap(party -> Mono.fromCallable(() -> {
                    byte[] key = Ed25519.decodePublicKey(party.publicKey())
                            .orElseThrow(() -> ApiException.invalidSignature("Invalid signature"));
                    SignedRequest.verify(key, payload, signature);
                    return party;
                }));
    }

    private void announce(TrustLine line) {
        events.orderedStream().forEach(listener -> {
            try {
                listener.lineChanged(line.equivalent(), line.id());
            } catch (RuntimeException e) {
                log.warn("event=trust_line_listener_failed id={} equivalent={} listener={}", line.id(),
                        line.equivalent(), listener.getClass().getName(), e);
            }
        });
    }

    // ---- request parsing ---------------------------------------------------------------------

    private static CreateRequest createRequest(JsonNode body) {
        requireObject(body);
        String to = text(body, "to", true);
        String equivalent = equivalentCode(text(body, "equivalent", true), "equivalent");
        String limit = text(body, "limit", true);
        return new CreateRequest(to, equivalent, limit, policy(body), signature(body));
    }

    private static UpdateRequest updateRequest(JsonNode body) {
        requireObject(body);
        return new UpdateRequest(text(body, "limit", false), policy(body), signature(body));
    }

    /** A close request carries nothing but the signature, so a missing body is a missing signature. */
    private static String closeSignature(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.invalidSignature("Missing signature");
        }
        return signature(requireObject(body));
    }

    private static JsonNode requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        return body;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.validation("Missing required field: " + field, Map.of("field", field));
            }
            return null;
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw ApiException.validation("Field " + field + " must be a non-empty string", Map.of("field", field));
        }
        return value.asString();
    }

    private static JsonNode policy(JsonNode body) {
        JsonNode policy = body.get("policy");
        if (policy == null || policy.isNull()) {
            return null;
        }
        if (!policy.isObject()) {
            throw ApiException.validation("Invalid trust line policy: policy must be an object",
                    Map.of("field", "policy"));
        }
        return policy;
    }

    private static String signature(JsonNode body) {
        JsonNode signature = body.get("signature");
        if (signature == null || !signature.isString() || signature.asString().isBlank()) {
            throw ApiException.invalidSignature("Missing signature");
        }
        return signature.asString();
    }

    /** Optional keys sent as JSON null are treated as not sent, and so are not signed. */
    private static ObjectNode withoutNulls(ObjectNode payload, String... optionalKeys) {
        for (String key : optionalKeys) {
            JsonNode value = payload.get(key);
            if (value != null && value.isNull()) {
                payload.remove(key);
            }
        }
        return payload;
    }
}
