package io.geoprotocol.hub.support;

import io.geoprotocol.hub.crypto.CanonicalJson;
import io.geoprotocol.hub.crypto.DemoKeys;
import io.geoprotocol.hub.security.TokenService;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * Builds test fixtures straight in the database (participants with fresh keys, equivalents,
 * trust lines) so a test of one feature does not depend on the endpoints of another.
 */
public final class TestCommunity {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final TokenService tokens;

    public TestCommunity(DatabaseClient db, TokenService tokens) {
        this.db = db;
        this.tokens = tokens;
    }

    /** A participant with its own key pair and a valid access token. */
    public record Member(String name, DemoKeys keys, String pid, String accessToken) {

        public String bearer() {
            return "Bearer " + accessToken;
        }

        /** Signs the canonical JSON of a payload, as a client would. */
        public String sign(JsonNode payload) {
            return keys.sign(CanonicalJson.bytes(payload));
        }
    }

    public static DemoKeys freshKeys() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return DemoKeys.fromSeed(seed);
    }

    public Member member(String name) {
        return member(name, "active");
    }

    public Member member(String name, String status) {
        DemoKeys keys = freshKeys();
        db.sql("INSERT INTO participants (pid, public_key, display_name, type, status) "
                        + "VALUES (:pid, :key, :name, 'person', :status)")
                .bind("pid", keys.pid())
                .bind("key", keys.publicKeyBase64())
                .bind("name", name)
                .bind("status", status)
                .fetch().rowsUpdated().block();
        return new Member(name, keys, keys.pid(), tokens.issue(keys.pid()).accessToken());
    }

    /** A new active equivalent with a unique code; returns the code. */
    public String equivalent(int precision) {
        String code = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        db.sql("INSERT INTO equivalents (code, precision) VALUES (:code, :precision)")
                .bind("code", code)
                .bind("precision", precision)
                .fetch().rowsUpdated().block();
        return code;
    }

    /** A live trust line: {@code from} trusts {@code to} up to {@code limit}. */
    public UUID trustLine(Member from, Member to, String equivalent, String limit) {
        UUID id = UUID.randomUUID();
        db.sql("INSERT INTO trust_lines (id, from_pid, to_pid, equivalent, credit_limit) "
                        + "VALUES (:id, :from, :to, :eq, :limit)")
                .bind("id", id)
                .bind("from", from.pid())
                .bind("to", to.pid())
                .bind("eq", equivalent)
                .bind("limit", new BigDecimal(limit))
                .fetch().rowsUpdated().block();
        return id;
    }
}
