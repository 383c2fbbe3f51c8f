package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.audit.AdminAudit;
import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.database.Migrations;
import io.geoprotocol.hub.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/** Who the admin is, the hub's settings and feature flags, and the schema's migration state. */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = "application/json")
public class AdminSettingsController {

    /** Feature flags by their API name, and the runtime key each is stored under. */
    static final Map<String, String> FLAGS = Map.of(
            "multipath_enabled", RuntimeSettings.MULTIPATH_ENABLED,
            "full_multipath_enabled", RuntimeSettings.FULL_MULTIPATH_ENABLED,
            "clearing_enabled", RuntimeSettings.CLEARING_ENABLED);

    private final RuntimeSettings runtime;
    private final HubSettings settings;
    private final AdminAudit audit;
    private final TransactionalOperator tx;
    private final DatabaseRuntime database;

    public AdminSettingsController(RuntimeSettings runtime, HubSettings settings, AdminAudit audit,
            TransactionalOperator tx, DatabaseRuntime database) {
        this.runtime = runtime;
        this.settings = settings;
        this.audit = audit;
        this.tx = tx;
        this.database = database;
    }

    @GetMapping("/whoami")
    public Map<String, String> whoami() {
        return Map.of("role", "admin");
    }

    public record ConfigItem(String key, Object value, boolean mutable) {
    }

    @GetMapping("/config")
    public Map<String, List<ConfigItem>> config() {
        List<ConfigItem> items = new ArrayList<>();
        runtime.snapshot().forEach((key, value) -> items.add(new ConfigItem(key, value, true)));
        items.add(new ConfigItem("ENVIRONMENT", settings.environment(), false));
        items.add(new ConfigItem("DEBUG", settings.debug(), false));
        items.add(new ConfigItem("PORT", settings.port(), false));
        items.add(new ConfigItem("REDIS_ENABLED", settings.redisEnabled(), false));
        items.add(new ConfigItem("JWT_ALGORITHM", settings.jwtAlgorithm(), false));
        items.add(new ConfigItem("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", settings.accessTokenTtl().toMinutes(), false));
        items.add(new ConfigItem("JWT_REFRESH_TOKEN_EXPIRE_DAYS", settings.refreshTokenTtl().toDays(), false));
        items.add(new ConfigItem("PAYMENT_TIMEOUT_SECONDS", settings.paymentTimeout().toSeconds(), false));
        items.add(new ConfigItem("CLEANUP_EXPIRED_LOCKS_SECONDS", settings.cleanupExpiredLocks().toSeconds(), false));
        items.add(new ConfigItem("CLEARING_MODE", settings.clearingMode(), false));
        return Map.of("items", items);
    }

    @PatchMapping(path = "/config", consumes = "application/json")
    public Mono<Map<String, List<String>>> patchConfig(@RequestBody JsonNode body, ServerWebExchange exchange) {
        JsonNode updates = body.get("updates");
        if (updates == null || !updates.isObject() || updates.isEmpty()) {
            return Mono.error(ApiException.validation("updates must be a non-empty object of key: value"));
        }
        String reason = text(body, "reason");
        List<String> keys = new ArrayList<>(updates.propertyNames());
        return apply(keys, key -> updates.get(key), reason, "admin.config.patch", exchange)
                .map(before -> Map.of("updated", keys));
    }

    @GetMapping("/feature-flags")
    public Map<String, Boolean> featureFlags() {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        flags.put("multipath_enabled", runtime.bool(RuntimeSettings.MULTIPATH_ENABLED));
        flags.put("full_multipath_enabled", runtime.bool(RuntimeSettings.FULL_MULTIPATH_ENABLED));
        flags.put("clearing_enabled", runtime.bool(RuntimeSettings.CLEARING_ENABLED));
        return flags;
    }

    @PatchMapping(path = "/feature-flags", consumes = "application/json")
    public Mono<Map<String, Boolean>> patchFeatureFlags(@RequestBody JsonNode body, ServerWebExchange exchange) {
        if (body == null || !body.isObject()) {
            return Mono.error(ApiException.validation("Body must be a JSON object of flags"));
        }
        List<String> keys = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (name.equals("reason") || body.get(name).isNull()) {
                continue;
            }
            String key = FLAGS.get(name);
            if (key == null) {
                return Mono.error(ApiException.validation("Unknown feature flag: " + name,
                        Map.of("known", List.copyOf(FLAGS.keySet()))));
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            return Mono.just(featureFlags());
        }
        Map<String, String> names = new LinkedHashMap<>();
        FLAGS.forEach((name, key) -> names.put(key, name));
        return apply(keys, key -> body.get(names.get(key)), text(body, "reason"), "admin.feature_flags.patch",
                exchange)
                .map(v -> featureFlags());
    }

    /** Validates every value first, then writes them and the audit row in one transaction. */
    private Mono<Map<String, Object>> apply(List<String> keys, java.util.function.Function<String, JsonNode> valueOf,
            String reason, String action, ServerWebExchange exchange) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        for (String name : keys) {
            RuntimeSettings.Key key = RuntimeSettings.key(name);
            if (key == null) {
                return Mono.error(ApiException.validation("Config key not mutable: " + name, Map.of("key", name)));
            }
            Object value = RuntimeSettings.validate(key, valueOf.apply(name));
            if (value == null) {
                return Mono.error(ApiException.validation("Invalid value for config key: " + name,
                        Map.of("key", name)));
            }
            before.put(name, runtime.value(name));
            after.put(name, value);
        }

        Mono<Void> work = Flux.fromIterable(after.entrySet())
                .concatMap(e -> runtime.store(e.getKey(), e.getValue(), "admin"))
                .then(audit.record(AdminAudit.Entry.of(exchange, action, "config", null, reason, before, after)));
        return tx.transactional(work)
                .then(runtime.changed())
                .thenReturn(after);
    }

    public record MigrationsStatus(String currentRevision, String headRevision, boolean isUpToDate,
            List<Map<String, Object>> pending) {
    }

    @GetMapping("/migrations")
    public Mono<MigrationsStatus> migrations() {
        return Mono.fromCallable(() -> {
            MigrationInfoService info = Migrations.flyway(database.url()).info();
            MigrationInfo current = info.current();
            MigrationInfo[] all = info.all();
            String head = all.length == 0 || all[all.length - 1].getVersion() == null ? null
                    : all[all.length - 1].getVersion().getVersion();
            List<Map<String, Object>> pending = new ArrayList<>();
            for (MigrationInfo m : info.pending()) {
                pending.add(Map.of("version", String.valueOf(m.getVersion()), "description", m.getDescription()));
            }
            String currentVersion = current == null || current.getVersion() == null ? null
                    : current.getVersion().getVersion();
            return new MigrationsStatus(currentVersion, head, pending.isEmpty(), pending);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isString() ? node.asString() : null;
    }
}
