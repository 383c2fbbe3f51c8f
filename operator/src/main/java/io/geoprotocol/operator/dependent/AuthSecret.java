package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.geoprotocol.operator.crd.AuthSpec;
import io.geoprotocol.operator.crd.GeoHub;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generated `<name>-auth` Secret. It is created once and never rewritten: regenerating the
 * JWT secret would log every client out, and a new admin token would lock administrators out.
 */
public final class AuthSecret {

    private static final int JWT_SECRET_BYTES = 48;
    private static final int ADMIN_TOKEN_BYTES = 32;

    private AuthSecret() {
    }

    /** Whether the spec leaves at least one of the two auth values to the operator. */
    public static boolean needed(GeoHub hub) {
        AuthSpec auth = hub.getSpec().getAuth();
        return auth == null || auth.getJwtSecret() == null || auth.getAdminToken() == null;
    }

    public static Secret desired(GeoHub hub, SecureRandom random) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AuthSpec.JWT_SECRET_KEY, base64(randomToken(random, JWT_SECRET_BYTES)));
        values.put(AuthSpec.ADMIN_TOKEN_KEY, base64(randomToken(random, ADMIN_TOKEN_BYTES)));
        return new SecretBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.authSecretName(hub), "auth"))
                .withType("Opaque")
                .withData(values)
                .build();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    static String randomToken(SecureRandom random, int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
