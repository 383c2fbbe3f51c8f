package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.geoprotocol.operator.crd.ClearingSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.HubSettings;
import io.geoprotocol.operator.crd.RedisSpec;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The ConfigMap of non-secret hub settings, loaded into the hub container with envFrom. */
public final class HubConfigMap {

    private HubConfigMap() {
    }

    public static ConfigMap desired(GeoHub hub) {
        return new ConfigMapBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.configMapName(hub), "config"))
                .withData(data(hub))
                .build();
    }

    /** Sorted, so the same settings always give the same checksum. */
    static Map<String, String> data(GeoHub hub) {
        HubSettings s = Objects.requireNonNullElseGet(hub.getSpec().getSettings(), HubSettings::new);
        HubSettings d = new HubSettings();
        Map<String, String> data = new TreeMap<>();
        data.put("MAX_PAYMENT_HOPS", str(s.getMaxPaymentHops(), d.getMaxPaymentHops()));
        data.put("MAX_CLEARING_CYCLE_LENGTH", str(s.getMaxClearingCycleLength(), d.getMaxClearingCycleLength()));
        data.put("PAYMENT_TIMEOUT_SECONDS", str(s.getPaymentTimeoutSeconds(), d.getPaymentTimeoutSeconds()));
        data.put("RATE_LIMIT_PER_MINUTE", str(s.getRateLimitPerMinute(), d.getRateLimitPerMinute()));
        data.put("CLEARING_INTERVAL_SECONDS", str(s.getClearingIntervalSeconds(), d.getClearingIntervalSeconds()));
        data.put("CLEANUP_EXPIRED_LOCKS_SECONDS",
                str(s.getCleanupExpiredLocksSeconds(), d.getCleanupExpiredLocksSeconds()));
        data.put("LOG_LEVEL", Objects.requireNonNullElse(s.getLogLevel(), d.getLogLevel()).hubValue());
        data.put("DEBUG", str(s.getDebug(), d.getDebug()));
        data.put("JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                str(s.getJwtAccessTokenExpireMinutes(), d.getJwtAccessTokenExpireMinutes()));
        data.put("JWT_REFRESH_TOKEN_EXPIRE_DAYS",
                str(s.getJwtRefreshTokenExpireDays(), d.getJwtRefreshTokenExpireDays()));

        ClearingSpec clearing = Objects.requireNonNullElseGet(hub.getSpec().getClearing(), ClearingSpec::new);
        ClearingSpec.Mode mode = Objects.requireNonNullElse(clearing.getMode(), ClearingSpec.Mode.CYCLES);
        data.put("CLEARING_MODE", mode.value());

        // A plain Redis URL is not a secret; one with a password comes from redis.urlSecret instead.
        RedisSpec redis = Objects.requireNonNullElseGet(hub.getSpec().getRedis(), RedisSpec::new);
        data.put("REDIS_ENABLED", String.valueOf(redis.active()));
        if (redis.active() && redis.getUrl() != null) {
            data.put("REDIS_URL", redis.getUrl());
        }
        return data;
    }

    /** Checksum of the settings, put on the pod template so that a change rolls the pods. */
    public static String checksum(ConfigMap configMap) {
        String canonical = new TreeMap<>(configMap.getData()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        return HubResources.sha256(canonical);
    }

    private static String str(Object value, Object fallback) {
        return String.valueOf(value == null ? fallback : value);
    }
}
