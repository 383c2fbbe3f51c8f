package io.geoprotocol.hub.audit;

import io.geoprotocol.hub.web.ClientAddress;
import io.geoprotocol.hub.web.RequestId;
import io.r2dbc.postgresql.codec.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code audit_log} rows for admin actions. {@link #record} must run inside the reactive
 * transaction of the change it describes, so the change and its row commit or roll back together.
 */
@Component
public class AdminAudit {

    private static final Logger log = LoggerFactory.getLogger(AdminAudit.class);

    private final DatabaseClient db;
    private final JsonMapper json;

    public AdminAudit(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** One admin action; before and after are any values Jackson writes, null when absent. */
    public record Entry(String action, String objectType, String objectId, String reason, Object before,
            Object after, String requestId, String ipAddress) {

        public static Entry of(ServerWebExchange exchange, String action, String objectType, String objectId,
                String reason, Object before, Object after) {
            return new Entry(action, objectType, objectId, reason, before, after, RequestId.of(exchange),
                    ClientAddress.of(exchange));
        }
    }

    public Mono<Void> record(Entry entry) {
        return db.sql("""
                        INSERT INTO audit_log (actor_id, actor_role, action, object_type, object_id, reason,
                            before_state, after_state, request_id, ip_address)
                        VALUES (NULL, 'admin', :action, :objectType, :objectId, :reason, :before, :after,
                            :requestId, :ip)""")
                .bind("action", entry.action())
                .bind("objectType", nullable(entry.objectType()))
                .bind("objectId", nullable(entry.objectId()))
                .bind("reason", nullable(entry.reason()))
                .bind("before", jsonOrNull(entry.before()))
                .bind("after", jsonOrNull(entry.after()))
                .bind("requestId", nullable(entry.requestId()))
                .bind("ip", nullable(entry.ipAddress()))
                .then()
                .doOnSuccess(v -> log.info("event=admin_action action={} object_type={} object_id={} request_id={}",
                        entry.action(), entry.objectType(), entry.objectId(), entry.requestId()));
    }

    private org.springframework.r2dbc.core.Parameter jsonOrNull(Object value) {
        return value == null
                ? org.springframework.r2dbc.core.Parameter.empty(Json.class)
                : org.springframework.r2dbc.core.Parameter.from(Json.of(json.writeValueAsString(value)));
    }

    private static org.springframework.r2dbc.core.Parameter nullable(String value) {
        return value == null || value.isEmpty()
                ? org.springframework.r2dbc.core.Parameter.empty(String.class)
                : org.springframework.r2dbc.core.Parameter.from(value);
    }
}
