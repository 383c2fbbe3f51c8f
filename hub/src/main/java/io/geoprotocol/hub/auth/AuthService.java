package io.geoprotocol.hub.auth;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.crypto.Ed25519;
import io.geoprotocol.hub.participants.ParticipantRow;
import io.geoprotocol.hub.participants.ParticipantStore;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Challenge-response login and token refresh. A challenge is single-use: login consumes it with
 * one conditional UPDATE, so of two logins racing with one challenge only one can win, and a
 * login that then fails (bad signature, suspended participant) rolls the consumption back.
 */
@Service
public class AuthService {

    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CHALLENGE_BYTES = 32;
    private static final int PRUNE_BATCH = 500;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ParticipantStore participants;
    private final TokenService tokens;
    private final HubSettings settings;

    public AuthService(DatabaseClient db, TransactionalOperator tx, ParticipantStore participants,
            TokenService tokens, HubSettings settings) {
        this.db = db;
        this.tx = tx;
        this.participants = participants;
        this.tokens = tokens;
        this.settings = settings;
    }

    public record Challenge(String challenge, String expiresAt) {
    }

    /** Issues a challenge for an existing participant; expiry is computed by the database clock. */
    public Mono<Challenge> challenge(String pid) {
        String challenge = newChallenge();
        return db.sql("INSERT INTO auth_challenges (challenge, pid, expires_at) "
                        + "SELECT :challenge, pid, now() + make_interval(secs => :ttl) "
                        + "FROM participants WHERE pid = :pid RETURNING expires_at")
                .bind("challenge", challenge)
                .bind("pid", pid)
                .bind("ttl", (double) settings.challengeTtl().toSeconds())
                .map(r -> r.get("expires_at", OffsetDateTime.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Participant " + pid + " not found")))
                .map(expires -> new Challenge(challenge, expires.toInstant().toString()))
                .flatMap(c -> pruneExpired().thenReturn(c))
                .doOnNext(c -> log.info("event=auth_challenge_issued pid={}", pid));
    }

    /** Consumes the challenge, checks the signature over its UTF-8 bytes, then the status. */
    public Mono<TokenPairView> login(String pid, String challenge, String signature) {
        Mono<TokenPairView> attempt = db.sql("""
                        UPDATE auth_challenges c SET used_at = now()
                        FROM participants p
                        WHERE c.challenge = :challenge AND c.pid = :pid AND p.pid = c.pid
                          AND c.used_at IS NULL AND c.expires_at > now()
                        RETURNING p.pid, p.public_key, p.display_name, p.status
                        """)
                .bind("challenge", challenge)
                .bind("pid", pid)
                .map(r -> new Holder(r.get("pid", String.class), r.get("public_key", String.class),
                        r.get("display_name", String.class), r.get("status", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.unauthorized("Invalid or expired challenge")))
                .map(p -> {
                    byte[] key = Base64.getDecoder().decode(p.publicKey());
                    if (!Ed25519.verify(key, challenge.getBytes(StandardCharsets.UTF_8), signature)) {
                        throw ApiException.unauthorized("Invalid signature");
                    }
                    requireActive(p.status());
                    return TokenPairView.of(tokens.issue(p.pid()), p.pid(), p.displayName(), p.status());
                });
        return attempt
                .as(tx::transactional)
                .doOnNext(t -> log.info("event=auth_login pid={}", pid))
                .doOnError(ApiException.class,
                        e -> log.info("event=auth_login_refused pid={} reason=\"{}\"", pid, e.getMessage()));
    }

    /** A new pair for a valid refresh token whose participant is still active. */
    public Mono<TokenPairView> refresh(String refreshToken) {
        return tokens.decodeRefresh(refreshToken)
                .onErrorMap(JwtException.class,
                        e -> ApiException.unauthorized("Invalid or expired refresh token"))
                .flatMap(jwt -> participants.find(jwt.getSubject())
                        .switchIfEmpty(Mono.error(() -> ApiException.unauthorized("Invalid refresh token"))))
                .map((ParticipantRow p) -> {
                    requireActive(p.status());
                    return TokenPairView.of(tokens.issue(p.pid()), p.pid(), p.displayName(), p.status());
                })
                .doOnNext(t -> log.info("event=auth_refresh pid={}", t.participant().pid()));
    }

    private static void requireActive(String status) {
        if (!"active".equals(status)) {
            throw ApiException.forbidden("Participant is " + status + " and cannot log in");
        }
    }

    /** Best effort and bounded: a failed prune never fails the request that triggered it. */
    private Mono<Void> pruneExpired() {
        return db.sql("DELETE FROM auth_challenges WHERE challenge IN ("
                        + "SELECT challenge FROM auth_challenges WHERE expires_at < now() LIMIT :batch)")
                .bind("batch", PRUNE_BATCH)
                .fetch()
                .rowsUpdated()
                .doOnNext(n -> {
                    if (n > 0) {
                        log.debug("event=auth_challenges_pruned count={}", n);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("event=auth_challenge_prune_failed error=\"{}\"", e.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    private static String newChallenge() {
        byte[] bytes = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private record Holder(String pid, String publicKey, String displayName, String status) {
    }
}
