package io.geoprotocol.hub.config;

import io.geoprotocol.hub.events.EventBus;
import io.geoprotocol.hub.events.HubEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings an admin may change while the hub runs, and feature flags. Start values come from
 * the environment; values written through the admin API live in {@code runtime_settings} and win.
 * Every replica reloads them when told through the event bus, and every few seconds anyway.
 */
@Component
public class RuntimeSettings {

    /** A tunable key, its kind, and its bounds when it is a number. */
    public record Key(String name, Kind kind, long min, long max) {
    }

    public enum Kind {
        INT, BOOL, LOG_LEVEL
    }

    public static final String LOG_LEVEL = "LOG_LEVEL";
    public static final String RATE_LIMIT_ENABLED = "RATE_LIMIT_ENABLED";
    public static final String RATE_LIMIT_PER_MINUTE = "RATE_LIMIT_PER_MINUTE";
    public static final String RATE_LIMIT_LOGIN_PER_MINUTE = "RATE_LIMIT_LOGIN_PER_MINUTE";
    public static final String RATE_LIMIT_PAYMENTS_PER_MINUTE = "RATE_LIMIT_PAYMENTS_PER_MINUTE";
    public static final String MAX_PAYMENT_HOPS = "MAX_PAYMENT_HOPS";
    public static final String MAX_CLEARING_CYCLE_LENGTH = "MAX_CLEARING_CYCLE_LENGTH";
    public static final String CLEARING_INTERVAL_SECONDS = "CLEARING_INTERVAL_SECONDS";
    public static final String PAYMENT_TX_STUCK_TIMEOUT_SECONDS = "PAYMENT_TX_STUCK_TIMEOUT_SECONDS";
    public static final String MULTIPATH_ENABLED = "FEATURE_FLAGS_MULTIPATH_ENABLED";
    public static final String FULL_MULTIPATH_ENABLED = "FEATURE_FLAGS_FULL_MULTIPATH_ENABLED";
    public static final String CLEARING_ENABLED = "CLEARING_ENABLED";

    public static final List<Key> MUTABLE = List.of(
            new Key(LOG_LEVEL, Kind.LOG_LEVEL, 0, 0),
            new Key(RATE_LIMIT_ENABLED, Kind.BOOL, 0, 0),
            new Key(RATE_LIMIT_PER_MINUTE, Kind.INT, 1, 1_000_000),
            new Key(RATE_LIMIT_LOGIN_PER_MINUTE, Kind.INT, 1, 1_000_000),
            new Key(RATE_LIMIT_PAYMENTS_PER_MINUTE, Kind.INT, 1, 1_000_000),
            new Key(MAX_PAYMENT_HOPS, Kind.INT, 1, 10),
            new Key(MAX_CLEARING_CYCLE_LENGTH, Kind.INT, 3, 10),
            new Key(CLEARING_INTERVAL_SECONDS, Kind.INT, 0, 86_400),
            new Key(PAYMENT_TX_STUCK_TIMEOUT_SECONDS, Kind.INT, 1, 86_400),
            new Key(MULTIPATH_ENABLED, Kind.BOOL, 0, 0),
            new Key(FULL_MULTIPATH_ENABLED, Kind.BOOL, 0, 0),
            new Key(CLEARING_ENABLED, Kind.BOOL, 0, 0));

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final Logger log = LoggerFactory.getLogger(RuntimeSettings.class);

    private final DatabaseClient db;
    private final JsonMapper json;
    private final LoggingSystem logging;
    private final EventBus bus;
    private final Map<String, Object> defaults;
    private volatile Map<String, Object> current;

    public RuntimeSettings(HubSettings settings, Environment env, DatabaseClient db, JsonMapper json, EventBus bus) {
        this.db = db;
        this.json = json;
        this.bus = bus;
        this.logging = LoggingSystem.get(RuntimeSettings.class.getClassLoader());
        Map<String, Object> start = new LinkedHashMap<>();
        start.put(LOG_LEVEL, settings.logLevel());
        start.put(RATE_LIMIT_ENABLED, env.getProperty(RATE_LIMIT_ENABLED, Boolean.class, true));
        start.put(RATE_LIMIT_PER_MINUTE, settings.rateLimitPerMinute());
        start.put(RATE_LIMIT_LOGIN_PER_MINUTE, env.getProperty(RATE_LIMIT_LOGIN_PER_MINUTE, Integer.class, 10));
        start.put(RATE_LIMIT_PAYMENTS_PER_MINUTE, env.getProperty(RATE_LIMIT_PAYMENTS_PER_MINUTE, Integer.class, 30));
        start.put(MAX_PAYMENT_HOPS, settings.maxPaymentHops());
        start.put(MAX_CLEARING_CYCLE_LENGTH, settings.maxClearingCycleLength());
        start.put(CLEARING_INTERVAL_SECONDS, (int) settings.clearingInterval().toSeconds());
        start.put(PAYMENT_TX_STUCK_TIMEOUT_SECONDS,
                env.getProperty(PAYMENT_TX_STUCK_TIMEOUT_SECONDS, Integer.class, 120));
        start.put(MULTIPATH_ENABLED, env.getProperty(MULTIPATH_ENABLED, Boolean.class, true));
        start.put(FULL_MULTIPATH_ENABLED, env.getProperty(FULL_MULTIPATH_ENABLED, Boolean.class, false));
        start.put(CLEARING_ENABLED, env.getProperty(CLEARING_ENABLED, Boolean.class, true));
        this.defaults = Map.copyOf(start);
        this.current = this.defaults;
        bus.onEvent(event -> {
            if (HubEvent.SETTINGS_CHANGED.equals(event.type())) {
                reload().subscribe();
            }
        });
    }

    public int intValue(String key) {
        return ((Number) current.get(key)).intValue();
    }

    public boolean bool(String key) {
        return Boolean.TRUE.equals(current.get(key));
    }

    public Object value(String key) {
        return current.get(key);
    }

    /** Every tunable key with its value now. */
    public Map<String, Object> snapshot() {
        return current;
    }

    public static Key key(String name) {
        return MUTABLE.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
    }

    /** The value in its stored form, or null when it does not fit the key. */
    public static Object validate(Key key, JsonNode value) {
        return switch (key.kind()) {
            case BOOL -> value != null && value.isBoolean() ? value.asBoolean() : null;
            case INT -> value != null && value.isIntegralNumber() && value.asLong() >= key.min()
                    && value.asLong() <= key.max() ? (Object) value.asInt() : null;
            case LOG_LEVEL -> value != null && value.isString()
                    && LEVELS.contains(value.asString().toUpperCase(Locale.ROOT))
                    ? value.asString().toUpperCase(Locale.ROOT) : null;
        };
    }

    /** Writes one value; call inside the admin change's transaction. */
    public Mono<Void> store(String key, Object value, String updatedBy) {
        return db.sql("""
                        INSERT INTO runtime_settings (key, value, updated_at, updated_by)
                        VALUES (:key, :value, now(), :by)
                        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(),
                            updated_by = EXCLUDED.updated_by""")
                .bind("key", key)
                .bind("value", io.r2dbc.postgresql.codec.Json.of(json.writeValueAsString(value)))
                .bind("by", updatedBy)
                .then();
    }

    /** After a committed change: apply it here and tell the other replicas. */
    public Mono<Void> changed() {
        return reload().doOnSuccess(v -> bus.publish(HubEvent.of(HubEvent.SETTINGS_CHANGED, Set.of(), Map.of())));
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        reload().subscribe(v -> { }, e -> log.warn("event=runtime_settings_load_failed error=\"{}\"", e.getMessage()));
    }

    @Scheduled(fixedDelayString = "${RUNTIME_SETTINGS_RELOAD_SECONDS:10}",
            timeUnit = java.util.concurrent.TimeUnit.SECONDS)
    void periodic() {
        onStart();
    }

    public Mono<Void> reload() {
        return db.sql("SELECT key, value FROM runtime_settings")
                .map((row, meta) -> Map.entry(row.get("key", String.class), row.get("value", String.class)))
                .all()
                .collectList()
                .doOnNext(rows -> {
                    Map<String, Object> next = new LinkedHashMap<>(defaults);
                    for (var row : rows) {
                        Key key = key(row.getKey());
                        Object value = key == null ? null : validate(key, json.readTree(row.getValue()));
                        if (value != null) {
                            next.put(key.name(), value);
                        }
                    }
                    applyLogLevel(current.get(LOG_LEVEL), next.get(LOG_LEVEL));
                    current = Map.copyOf(next);
                })
                .then();
    }

    private void applyLogLevel(Object before, Object after) {
        if (after != null && !after.equals(before)) {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.valueOf(after.toString()));
            log.info("event=log_level_changed level={}", after);
        }
    }
}
