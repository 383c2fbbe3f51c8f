package io.geoprotocol.hub.admin;

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
 * Writes {@code audit_log} rows. Call {@link #record} inside the same reactive transaction as the
 * change it describes: the row goes through the transaction's connection, so the change and its
 * audit row are committed, or rolled back, together.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private static final String INSERT = "INSERT INTO audit_log (actor_id, actor_role, action, object_type, "
            + "object_id, reason, before_state, after_state, request_id, ip_address) "
            + "VALUES (:actor_id, :actor_role, :action, :object_type, :object_id, :reason, :before_state, "
            + ":after_state, :request_id, :ip_address)";

    private final DatabaseClient db;
    private final JsonMapper json;

    public AuditLog(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * One audited action. {@code before} and {@code after} are any values Jackson can write (maps,
     * records); null means "did not exist" (create, delete).
     */
    public record Entry(
            String actorId,
            String actorRole,
            String action,
            String objectType,
            String objectId,
            String reason,
            Object before,
            Object after,
            String requestId,
            String ipAddress) {

        /** An action taken through the admin API by the holder of the admin token. */
        public static Entry admin(ServerWebExchange exchange, String action, String objectType, String objectId,
                String reason, Object before, Object after) {
            return new Entry(null, "admin", action, objectType, objectId, reason, before, after,
                    RequestId.of(exchange), ClientAddress.of(exchange));
        }
    }

    public Mono<Void> record(Entry entry) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(INSERT);
        spec = bind(spec, "actor_id", entry.actorId());
        spec = bind(spec, "actor_role", entry.actorRole());
        spec = bind(spec, "action", entry.action());
        spec = bind(spec, "object_type", entry.objectType());
        spec = bind(spec, "object_id", entry.objectId());
        spec = bind(spec, "reason", entry.reason());
        spec = bindJson(spec, "before_state", entry.before());
        spec = bindJson(spec, "after_state", entry.after());
        spec = bind(spec, "request_id", blankToNull(entry.requestId()));
        spec = bind(spec, "ip_address", entry.ipAddress());

        return spec.fetch().rowsUpdated()
                .doOnNext(n -> log.info("event=audit_recorded action={} object_type={} object_id={}",
                        entry.action(), entry.objectType(), entry.objectId()))
                .then();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String name,
            String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private DatabaseClient.GenericExecuteSpec bindJson(DatabaseClient.GenericExecuteSpec spec, String name,
            Object value) {
        return value == null
                ? spec.bindNull(name, Json.class)
                : spec.bind(name, Json.of(json.writeValueAsString(value)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
