package io.geoprotocol.hub.health;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.config.HubVersion;
import io.geoprotocol.hub.redis.RedisConnector;
import io.geoprotocol.hub.web.ErrorCode;
import io.geoprotocol.hub.web.ErrorEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Liveness and readiness, at the root and under {@code /api/v1} as the contract lists them. */
@RestController
public class HealthController {

    private static final Duration DB_PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final DatabaseClient db;
    private final HubSettings settings;
    private final Clock clock;
    private final Instant startedAt;
    private final String version;
    private final RedisConnector redis;

    public HealthController(DatabaseClient db, HubSettings settings, Clock clock, RedisConnector redis) {
        this.db = db;
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.version = HubVersion.current();
    }

    @GetMapping({"/healthz", "/api/v1/healthz"})
    public Map<String, Object> healthz() {
        return Map.of("status", "ok");
    }

    @GetMapping({"/health", "/api/v1/health"})
    public Map<String, Object> health() {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", redis.enabled() && !redis.available() ? "degraded" : "ok");
        body.put("version", version);
        body.put("environment", settings.environment());
        body.put("uptime_seconds", Duration.between(startedAt, now).toSeconds());
        body.put("timestamp", now.toString());
        if (redis.enabled()) {
            // Redis down is not fatal: rate limits and events fall back to this replica alone.
            body.put("redis", Map.of("status", redis.available() ? "ok" : "down"));
        }
        return body;
    }

    @GetMapping({"/health/db", "/api/v1/health/db"})
    public Mono<ResponseEntity<Object>> database() {
        return db.sql("SELECT 1")
                .fetch()
                .rowsUpdated()
                .then(Mono.just(ResponseEntity.ok().<Object>body(Map.of("status", "ok"))))
                .timeout(DB_PROBE_TIMEOUT)
                .onErrorResume(e -> Mono.just(unavailable()));
    }

    /** 503 with the error envelope, plus the {@code status: error} field probes look for. */
    private static ResponseEntity<Object> unavailable() {
        ErrorEnvelope envelope = ErrorEnvelope.of(ErrorCode.E010, "Database is unavailable",
                Map.of("component", "database"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("error", envelope.error());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
