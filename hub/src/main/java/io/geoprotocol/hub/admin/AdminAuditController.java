package io.geoprotocol.hub.admin;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin audit trail, newest first, searchable and filterable. */
@RestController
@RequestMapping(path = "/api/v1/admin/audit-log", produces = "application/json")
public class AdminAuditController {

    private final DatabaseClient db;
    private final JsonMapper json;

    public AdminAuditController(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public record Item(String id, OffsetDateTime timestamp, String actorId, String actorRole, String action,
            String objectType, String objectId, String reason, JsonNode beforeState, JsonNode afterState,
            String requestId, String ipAddress) {
    }

    @GetMapping
    public Mono<Paging.Page<Item>> list(@RequestParam(required = false) String q,
            @RequestParam(required = false) String action,
            @RequestParam(name = "object_type", required = false) String objectType,
            @RequestParam(name = "object_id", required = false) String objectId,
            @RequestParam(required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage) {
        Paging paging = Paging.of(page, perPage, 50);
        StringBuilder where = new StringBuilder("TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        if (q != null && !q.isBlank()) {
            where.append(" AND concat_ws(' ', id::text, actor_id, actor_role, action, object_type, object_id, ")
                    .append("reason, request_id, ip_address) ILIKE :q");
            params.put("q", "%" + q.trim() + "%");
        }
        if (action != null) {
            where.append(" AND action = :action");
            params.put("action", action);
        }
        if (objectType != null) {
            where.append(" AND object_type = :objectType");
            params.put("objectType", objectType);
        }
        if (objectId != null) {
            where.append(" AND object_id = :objectId");
            params.put("objectId", objectId);
        }

        var items = AdminParticipantController.bind(db.sql("""
                        SELECT id, occurred_at, actor_id, actor_role, action, object_type, object_id, reason,
                               before_state::text AS before_state, after_state::text AS after_state,
                               request_id, ip_address
                        FROM audit_log WHERE\s""" + where
                        + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset"), params)
                .bind("limit", paging.perPage())
                .bind("offset", paging.offset())
                .map((row, meta) -> new Item(String.valueOf(row.get("id", Long.class)),
                        row.get("occurred_at", OffsetDateTime.class), row.get("actor_id", String.class),
                        row.get("actor_role", String.class), row.get("action", String.class),
                        row.get("object_type", String.class), row.get("object_id", String.class),
                        row.get("reason", String.class), tree(row.get("before_state", String.class)),
                        tree(row.get("after_state", String.class)), row.get("request_id", String.class),
                        row.get("ip_address", String.class)))
                .all()
                .collectList();
        var total = AdminParticipantController.bind(db.sql("SELECT count(*) AS n FROM audit_log WHERE " + where),
                        params)
                .map((row, meta) -> row.get("n", Long.class))
                .one();
        return Mono.zip(items, total, paging::page);
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }
}
