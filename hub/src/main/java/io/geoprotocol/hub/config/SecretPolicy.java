package io.geoprotocol.hub.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses default or short secrets outside dev mode. In dev mode the deployment document's
 * defaults are accepted, with a warning, so a newcomer's first start needs no setup.
 */
public final class SecretPolicy {

    public static final int MIN_SECRET_BYTES = 32;
    public static final int MIN_ADMIN_TOKEN_CHARS = 16;

    /** Text of the placeholders example files carry; a copied example must not start a hub. */
    private static final List<String> PLACEHOLDERS = List.of("replace-me", "replace-with", "change-me", "changeme");

    private static final Logger log = LoggerFactory.getLogger(SecretPolicy.class);

    private SecretPolicy() {
    }

    public static void enforce(HubSettings settings) {
        List<String> problems = problems(settings);
        if (problems.isEmpty()) {
            return;
        }

        if (settings.devMode()) {
            problems.forEach(p -> log.warn("event=weak_secret_dev_mode problem=\"{}\"", p));
            return;
        }
        throw new InvalidSettingException("Refusing to start outside dev mode: " + String.join("; ", problems)
                + ". Set strong values (for example: openssl rand -base64 48), or set DEBUG=true for local use.");
    }

    static List<String> problems(HubSettings settings) {
        List<String> problems = new ArrayList<>();
        String jwt = settings.jwtSecret();
        if (HubSettings.DEFAULT_JWT_SECRET.equals(jwt)) {
            problems.add("JWT_SECRET is the documented default");
        } else if (placeholder(jwt)) {
            problems.add("JWT_SECRET is a placeholder from an example");
        } else if (jwt.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            problems.add("JWT_SECRET is shorter than " + MIN_SECRET_BYTES + " bytes");
        }

        String admin = settings.adminToken();
        if (HubSettings.DEFAULT_ADMIN_TOKEN.equals(admin)) {
            problems.add("ADMIN_TOKEN is the documented default");
        } else if (placeholder(admin)) {
            problems.add("ADMIN_TOKEN is a placeholder from an example");
        } else if (admin.length() < MIN_ADMIN_TOKEN_CHARS) {
            problems.add("ADMIN_TOKEN is shorter than " + MIN_ADMIN_TOKEN_CHARS + " characters");
        }
        if (!"HS256".equals(settings.jwtAlgorithm())) {
            problems.add("JWT_ALGORITHM must be HS256, got " + settings.jwtAlgorithm());
        }
        return problems;
    }

    private static boolean placeholder(String secret) {
        String lower = secret.toLowerCase(java.util.Locale.ROOT);
        return PLACEHOLDERS.stream().anyMatch(lower::contains);
    }
}
