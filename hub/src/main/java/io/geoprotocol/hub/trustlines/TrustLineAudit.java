package io.geoprotocol.hub.trustlines;

import io.r2dbc.postgresql.codec.Json;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records each line change in the integrity journal, inside the transaction of the change, so
 * the journal and the lines can never disagree. The invariant recorded is the one the change
 * itself verified under the line lock (limit covers the debt, or no debt left on close).
 */
@Component
class TrustLineAudit {

    static final String CREATE = "TRUST_LINE_CREATE";
    static final String UPDATE = "TRUST_LINE_UPDATE";
    static final String CLOSE = "TRUST_LINE_CLOSE";

    private final DatabaseClient db;
    private final JsonMapper json;

    TrustLineAudit(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Void> record(String operation, TrustLine line, Map<String, Object> invariants) {
        Map<String, Object> affected = Map.of(
                "from", line.fromPid(),
                "to", line.toPid(),
                "trustline_id", line.id().toString());
        return db.sql("""
                        INSERT INTO integrity_audit_log (operation_type, equivalent, affected_participants,
                                                         invariants_checked, verification_passed)
                        VALUES (:operation, :eq, :affected, :invariants, TRUE)
                        """)
                .bind("operation", operation)
                .bind("eq", line.equivalent())
                .bind("affected", Json.of(json.writeValueAsString(affected)))
                .bind("invariants", Json.of(json.writeValueAsString(invariants)))
                .then();
    }
}
