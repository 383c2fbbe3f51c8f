package io.geoprotocol.hub.security;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.config.SecretPolicy;
import io.geoprotocol.hub.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC key behind HS256 tokens, taken from {@code JWT_SECRET}. */
final class JwtKeys {

    private JwtKeys() {
    }

    /**
     * HS256 needs a key of at least 256 bits. Production refuses shorter secrets at start; in dev
     * mode a short secret (such as the documented default) is stretched with SHA-256 so the
     * first start needs no setup.
     */
    static SecretKey hmacKey(HubSettings settings) {
        byte[] secret = settings.jwtSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length < SecretPolicy.MIN_SECRET_BYTES) {
            secret = Ed25519.sha256(secret);
        }
        return new SecretKeySpec(secret, "HmacSHA256");
    }
}
