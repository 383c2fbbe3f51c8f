package io.geoprotocol.hub.config;

import io.geoprotocol.hub.web.TrustedProxies;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The hub's configuration, read from the environment variables of the deployment document.
 *
 * <p>One instance is built at start from a key lookup (the process environment for maintenance
 * commands, Spring's {@code Environment} for the server, so tests can override any key).
 */
public record HubSettings(
        int port,
        Optional<String> databaseUrl,
        String dataDirectory,
        Optional<String> redisUrl,
        boolean redisEnabled,
        String jwtSecret,
        String jwtAlgorithm,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration challengeTtl,
        String adminToken,
        boolean debug,
        String logLevel,
        int maxPaymentHops,
        int maxClearingCycleLength,
        Duration paymentTimeout,
        int rateLimitPerMinute,
        Duration clearingInterval,
        Duration cleanupExpiredLocks,
        String clearingMode,
        boolean seedOnFirstStart,
        String environment,
        TrustedProxies trustedProxies) {

    public static final String DEFAULT_JWT_SECRET = "change-me-in-production";
    public static final String DEFAULT_ADMIN_TOKEN = "dev-admin-token-change-me";

    /** Builds the settings from a lookup that answers null for unset keys. */
    public static HubSettings load(Function<String, String> lookup) {
        EnvReader env = new EnvReader(lookup);
        Optional<String> databaseUrl = env.optional("DATABASE_URL");
        checkOtherStartValues(env);

        return new HubSettings(
                env.integer("PORT", env.integer("SERVER_PORT", 8000, 0, 65535), 0, 65535),
                databaseUrl,
                env.string("GEO_DATA_DIR", ".geo-hub"),
                env.optional("REDIS_URL"),
                env.bool("REDIS_ENABLED", env.optional("REDIS_URL").isPresent()),
                env.string("JWT_SECRET", DEFAULT_JWT_SECRET),
                env.string("JWT_ALGORITHM", "HS256").toUpperCase(Locale.ROOT),
                Duration.ofMinutes(env.integer("JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                        env.integer("ACCESS_TOKEN_EXPIRE_MINUTES", 15, 1, 525_600), 1, 525_600)),
                Duration.ofDays(env.integer("JWT_REFRESH_TOKEN_EXPIRE_DAYS",
                        env.integer("REFRESH_TOKEN_EXPIRE_DAYS", 7, 1, 3650), 1, 3650)),
                Duration.ofSeconds(env.integer("AUTH_CHALLENGE_TTL_SECONDS", 300, 5, 3600)),
                env.string("ADMIN_TOKEN", DEFAULT_ADMIN_TOKEN),
                env.bool("DEBUG", false),
                env.choice("LOG_LEVEL", "info", "trace", "debug", "info", "warn", "error", "off")
                        .toUpperCase(Locale.ROOT),
                env.integer("MAX_PAYMENT_HOPS", 6, 1, 10),
                env.integer("MAX_CLEARING_CYCLE_LENGTH", 6, 3, 10),
                Duration.ofSeconds(env.integer("PAYMENT_TIMEOUT_SECONDS", 30, 1, 600)),
                env.integer("RATE_LIMIT_PER_MINUTE", 100, 1, 1_000_000),
                Duration.ofSeconds(env.integer("CLEARING_INTERVAL_SECONDS", 300, 0, 86_400)),
                Duration.ofSeconds(env.integer("CLEANUP_EXPIRED_LOCKS_SECONDS", 60, 1, 86_400)),
                env.choice("CLEARING_MODE", "cycles", "cycles", "optimal"),
                env.bool("SEED_ON_FIRST_START", databaseUrl.isEmpty()),
                env.string("GEO_ENVIRONMENT", databaseUrl.isEmpty() ? "development" : "production"),
                trustedProxies(env));
    }

    /**
     * Settings read elsewhere (an admin may change some later): a malformed start value is
     * refused here, in the same one line as the rest, rather than by the framework's binder.
     */
    private static void checkOtherStartValues(EnvReader env) {
        for (RuntimeSettings.Key key : RuntimeSettings.MUTABLE) {
            switch (key.kind()) {
                case INT -> env.integer(key.name(), (int) key.min(), (int) key.min(), (int) key.max());
                case BOOL -> env.bool(key.name(), false);
                case LOG_LEVEL -> { }
            }
        }
        env.integer("WS_PING_SECONDS", 25, 1, 86_400);
        env.integer("WS_BUFFER_SIZE", 256, 1, 10_000_000);
        env.integer("REDIS_PROBE_MILLIS", 1000, 1, 86_400_000);
        env.integer("REDIS_RECONNECT_MILLIS", 500, 1, 86_400_000);
        env.integer("GRAPH_REFRESH_SECONDS", 30, 1, 86_400);
        env.integer("RUNTIME_SETTINGS_RELOAD_SECONDS", 10, 1, 86_400);
    }

    /** {@code TRUSTED_PROXIES}: unset or blank trusts no proxy, so forwarded headers are ignored. */
    private static TrustedProxies trustedProxies(EnvReader env) {
        return env.optional("TRUSTED_PROXIES")
                .map(value -> {
                    try {
                        return TrustedProxies.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidSettingException("TRUSTED_PROXIES", e.getMessage());
                    }
                })
                .orElse(TrustedProxies.NONE);
    }

    /** Dev mode: the embedded database or an explicit DEBUG=true; weak secrets are tolerated. */
    public boolean devMode() {
        return databaseUrl.isEmpty() || debug;
    }

    public boolean embeddedDatabase() {
        return databaseUrl.isEmpty();
    }
}
