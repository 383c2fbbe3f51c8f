package io.geoprotocol.hub.participants;

import io.geoprotocol.hub.balance.BalanceCalculator;
import java.math.BigDecimal;
import io.geoprotocol.hub.crypto.Ed25519;
import io.geoprotocol.hub.crypto.SignedRequest;
import io.geoprotocol.hub.web.ApiException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Registration with proof of possession of the key, the signed profile update, and the reads of
 * participants. Signed payloads are built from the fields exactly as the client sent them, the
 * way the reference hub builds them, so a client written for it signs the same bytes.
 */
@Service
public class ParticipantService {

    private static final Logger log = LoggerFactory.getLogger(ParticipantService.class);

    private final ParticipantStore store;
    private final BalanceCalculator balances;

    public ParticipantService(ParticipantStore store, BalanceCalculator balances) {
        this.balances = balances;
        this.store = store;
    }

    /** What a valid registration request carries, with its signed payload. */
    record Registration(String pid, String publicKey, String displayName, String type,
            Optional<JsonNode> profile) {
    }

    public Mono<ParticipantView> register(JsonNode body) {
        return Mono.fromCallable(() -> verifiedRegistration(body))
                .flatMap(r -> store.insert(r.pid(), r.publicKey(), r.displayName(), r.type(), r.profile())
                        .switchIfEmpty(Mono.error(() -> ApiException.conflict("Participant already exists",
                                Map.of("pid", r.pid())))))
                .doOnNext(p -> log.info("event=participant_registered pid={} type={}", p.pid(), p.type()))
                .map(ParticipantView::of);
    }

    /**
     * Validates the fields (E009), the key (E009) and then the signature (E005). The signed
     * payload always carries {@code type}, with its default when the client left it out, and
     * {@code profile} only when one was sent.
     */
    static Registration verifiedRegistration(JsonNode body) {
        JsonFields.object(body);
        String rawName = JsonFields.requiredString(body, "display_name");
        String displayName = ParticipantRules.displayName(rawName);
        if (body.has("type") && !body.get("type").isString()) {
            throw JsonFields.invalid("type", "must be one of person, business, hub");
        }
        String type = ParticipantRules.type(JsonFields.optionalString(body, "type")
                .orElse(ParticipantRules.DEFAULT_TYPE));
        String rawKey = JsonFields.requiredString(body, "public_key");
        Optional<JsonNode> profile = JsonFields.optionalObject(body, "profile")
                .map(ParticipantRules::profile);

        byte[] key = Ed25519.decodePublicKey(rawKey)
                .orElseThrow(() -> JsonFields.invalid("public_key",
                        "must be a base64 Ed25519 public key (32 bytes, a valid curve point)"));

        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("display_name", rawName);
        payload.put("type", type);
        payload.put("public_key", rawKey);
        profile.ifPresent(p -> payload.set("profile", p));
        SignedRequest.verify(key, payload, signature(body));

        // The key is stored in its canonical base64 spelling, so the unique constraint sees it.
        return new Registration(Ed25519.pid(key), Base64.getEncoder().encodeToString(key), displayName,
                type, profile);
    }

    public Mono<ParticipantView> me(String pid) {
        return current(pid)
                .zipWhen(p -> stats(p.pid()))
                .map(t -> ParticipantView.of(t.getT1()).withStats(t.getT2()));
    }

    /**
     * The same numbers as {@code GET /balance}, summed over every equivalent as the reference's
     * participant statistics are, shown with at least two decimals and never rounded.
     */
    private Mono<ParticipantView.Stats> stats(String pid) {
        return balances.balances(pid)
                .collectList()
                .map(list -> {
                    int scale = Math.max(ParticipantStore.MIN_STATS_SCALE, list.stream()
                            .mapToInt(BalanceCalculator.EquivalentBalance::precision).max().orElse(0));
                    BigDecimal incoming = BigDecimal.ZERO;
                    BigDecimal outgoing = BigDecimal.ZERO;
                    BigDecimal debt = BigDecimal.ZERO;
                    BigDecimal credit = BigDecimal.ZERO;
                    for (BalanceCalculator.EquivalentBalance b : list) {
                        incoming = incoming.add(b.incomingTrust());
                        outgoing = outgoing.add(b.outgoingTrust());
                        debt = debt.add(b.totalDebt());
                        credit = credit.add(b.totalCredit());
                    }
                    return new ParticipantView.Stats(
                            ParticipantStore.format(incoming, scale),
                            ParticipantStore.format(outgoing, scale),
                            ParticipantStore.format(debt, scale),
                            ParticipantStore.format(credit, scale),
                            ParticipantStore.format(credit.subtract(debt), scale));
                });
    }

    /**
     * Signed over {@code display_name} and {@code profile}, each only when sent and not null.
     * Profile keys are merged into the stored profile, top level only, as the reference does.
     */
    public Mono<ParticipantView> update(String pid, JsonNode body) {
        return Mono.fromCallable(() -> parseUpdate(body))
                .flatMap(update -> current(pid)
                        .flatMap(p -> {
                            if (!p.active()) {
                                return Mono.error(ApiException.forbidden("Participant is " + p.status()
                                        + " and cannot change its profile"));
                            }
                            byte[] key = Base64.getDecoder().decode(p.publicKey());
                            SignedRequest.verify(key, update.signedPayload(), signature(body));
                            return store.update(pid, update.displayName(), update.profile());
                        })
                        .switchIfEmpty(Mono.error(() ->
                                ApiException.unauthorized("Participant of this token no longer exists"))))
                .doOnNext(p -> log.info("event=participant_updated pid={}", p.pid()))
                .map(ParticipantView::of);
    }

    record Update(Optional<String> displayName, Optional<JsonNode> profile, ObjectNode signedPayload) {
    }

    static Update parseUpdate(JsonNode body) {
        JsonFields.object(body);
        Optional<String> rawName = JsonFields.optionalString(body, "display_name");
        Optional<String> displayName = rawName.map(ParticipantRules::displayName);
        Optional<JsonNode> profile = JsonFields.optionalObject(body, "profile")
                .map(ParticipantRules::profile);
        if (displayName.isEmpty() && profile.isEmpty()) {
            throw ApiException.validation("No changes provided");
        }

        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        rawName.ifPresent(n -> payload.put("display_name", n));
        profile.ifPresent(p -> payload.set("profile", p));
        return new Update(displayName, profile, payload);
    }

    public Mono<ParticipantView> publicCard(String pid) {
        // PostgreSQL refuses U+0000 in text; such a PID cannot exist anyway.
        Mono<ParticipantRow> row = pid.indexOf('\u0000') >= 0 ? Mono.empty() : store.find(pid);
        return row
                .switchIfEmpty(Mono.error(() ->
                        ApiException.notFound("Participant " + pid + " not found")))
                .zipWhen(p -> store.totalIncomingTrust(p.pid()))
                .map(t -> ParticipantView.of(t.getT1()).withPublicStats(
                        new ParticipantView.PublicStats(t.getT2(), t.getT1().createdAt().toString())));
    }

    public Flux<ParticipantView> search(ListQuery query) {
        return store.search(query.text(), query.type(), query.limit(), query.offset())
                .map(ParticipantView::of);
    }

    /** The participant behind a valid access token; gone means the token no longer names anyone. */
    private Mono<ParticipantRow> current(String pid) {
        return store.find(pid)
                .switchIfEmpty(Mono.error(() ->
                        ApiException.unauthorized("Participant of this token no longer exists")));
    }

    private static String signature(JsonNode body) {
        JsonNode signature = body.get("signature");
        return signature != null && signature.isString() ? signature.asString() : null;
    }
}
