package io.geoprotocol.hub.equivalents;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the {@code equivalents} table and the counts of what refers to a row. */
@Repository
class EquivalentRepository {

    private static final String COLUMNS =
            "code, symbol, description, precision, metadata, is_active, created_at, updated_at";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final JsonMapper json;

    EquivalentRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Flux<Equivalent> list(boolean includeInactive) {
        String where = includeInactive ? "" : " WHERE is_active";
        return db.sql("SELECT " + COLUMNS + " FROM equivalents" + where + " ORDER BY code")
                .map(this::row)
                .all();
    }

    Mono<Equivalent> find(String code) {
        return db.sql("SELECT " + COLUMNS + " FROM equivalents WHERE code = :code")
                .bind("code", code)
                .map(this::row)
                .one();
    }

    /**
     * Locks the row until the transaction ends. A row inserted elsewhere that references this
     * equivalent takes a key-share lock on it through its foreign key, which this lock excludes;
     * so the usage counted next cannot grow before the change commits.
     */
    Mono<Equivalent> lock(String code) {
        return db.sql("SELECT " + COLUMNS + " FROM equivalents WHERE code = :code FOR UPDATE")
                .bind("code", code)
                .map(this::row)
                .one();
    }

    /** Inserts a new row; empty when the code is already taken. */
    Mono<Equivalent> insert(EquivalentRequests.Create request) {
        var spec = db.sql("INSERT INTO equivalents (code, symbol, description, precision, metadata, is_active) "
                        + "VALUES (:code, :symbol, :description, :precision, :metadata, :is_active) "
                        + "ON CONFLICT (code) DO NOTHING RETURNING " + COLUMNS)
                .bind("code", request.code())
                .bind("precision", (short) request.precisionOrDefault())
                .bind("is_active", request.activeOrDefault());
        spec = nullable(spec, "symbol", request.symbol());
        spec = nullable(spec, "description", request.description());
        spec = metadata(spec, request.metadata());
        return spec.map(this::row).one();
    }

    Mono<Equivalent> update(Equivalent changed) {
        var spec = db.sql("UPDATE equivalents SET symbol = :symbol, description = :description, "
                        + "precision = :precision, metadata = :metadata, is_active = :is_active, updated_at = now() "
                        + "WHERE code = :code RETURNING " + COLUMNS)
                .bind("code", changed.code())
                .bind("precision", (short) changed.precision())
                .bind("is_active", changed.isActive());
        spec = nullable(spec, "symbol", changed.symbol());
        spec = nullable(spec, "description", changed.description());
        spec = metadata(spec, changed.metadata());
        return spec.map(this::row).one();
    }

    Mono<Long> delete(String code) {
        return db.sql("DELETE FROM equivalents WHERE code = :code")
                .bind("code", code)
                .fetch()
                .rowsUpdated();
    }

    Mono<EquivalentUsage> usage(String code) {
        return db.sql("SELECT "
                        + "(SELECT count(*) FROM trust_lines WHERE equivalent = :code) AS trustlines, "
                        + "(SELECT count(*) FROM debts WHERE equivalent = :code) AS debts, "
                        + "(SELECT count(*) FROM transactions WHERE equivalent = :code) AS transactions, "
                        + "(SELECT count(*) FROM payment_reservations WHERE equivalent = :code) AS reservations, "
                        + "(SELECT count(*) FROM integrity_checkpoints WHERE equivalent = :code) AS checkpoints")
                .bind("code", code)
                .map(r -> new EquivalentUsage(
                        r.get("trustlines", Long.class),
                        r.get("debts", Long.class),
                        r.get("transactions", Long.class),
                        r.get("reservations", Long.class),
                        r.get("checkpoints", Long.class)))
                .one();
    }

    private Equivalent row(Readable r) {
        Json metadata = r.get("metadata", Json.class);
        return new Equivalent(
                r.get("code", String.class),
                r.get("symbol", String.class),
                r.get("description", String.class),
                r.get("precision", Short.class),
                metadata == null ? null : json.readValue(metadata.asString(), OBJECT),
                Boolean.TRUE.equals(r.get("is_active", Boolean.class)),
                r.get("created_at", OffsetDateTime.class),
                r.get("updated_at", OffsetDateTime.class));
    }

    private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
            String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private DatabaseClient.GenericExecuteSpec metadata(DatabaseClient.GenericExecuteSpec spec,
            Map<String, Object> metadata) {
        return metadata == null
                ? spec.bindNull("metadata", Json.class)
                : spec.bind("metadata", Json.of(json.writeValueAsString(metadata)));
    }
}
