package io.geoprotocol.hub.participants;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SQL over {@code participants}, and the sums behind participant stats. */
@Repository
public class ParticipantStore {

    private static final String COLUMNS = "pid, public_key, display_name, type, status, "
            + "verification_level::int AS verification_level, profile::text AS profile_json, "
            + "created_at, updated_at";

    /** Stats are shown with at least two decimals, like the reference hub, and never rounded. */
    static final int MIN_STATS_SCALE = 2;

    private final DatabaseClient db;
    private final JsonMapper json;

    public ParticipantStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Inserts a participant unless its PID or public key is taken; empty in that case. The
     * constraints decide, so two concurrent registrations of one key cannot both succeed.
     */
    public Mono<ParticipantRow> insert(String pid, String publicKey, String displayName, String type,
            Optional<JsonNode> profile) {
        var spec = db.sql("INSERT INTO participants (pid, public_key, display_name, type, profile) "
                        + "VALUES (:pid, :key, :name, :type, :profile) "
                        + "ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
                .bind("pid", pid)
                .bind("key", publicKey)
                .bind("name", displayName)
                .bind("type", type);
        spec = profile.isPresent()
                ? spec.bind("profile", Json.of(json.writeValueAsString(profile.get())))
                : spec.bindNull("profile", Json.class);
        return spec.map(this::row).one();
    }

    public Mono<ParticipantRow> find(String pid) {
        return db.sql("SELECT " + COLUMNS + " FROM participants WHERE pid = :pid")
                .bind("pid", pid)
                .map(this::row)
                .one();
    }

    /**
     * Sets the display name and merges the profile's top-level keys into the stored one (a key
     * sent as null is stored as null), in one statement.
     */
    public Mono<ParticipantRow> update(String pid, Optional<String> displayName, Optional<JsonNode> profile) {
        StringBuilder sql = new StringBuilder("UPDATE participants SET updated_at = now()");
        displayName.ifPresent(n -> sql.append(", display_name = :name"));
        profile.ifPresent(p -> sql.append(", profile = COALESCE(profile, '{}'::jsonb) || :profile"));
        sql.append(" WHERE pid = :pid RETURNING ").append(COLUMNS);

        var spec = db.sql(sql.toString()).bind("pid", pid);
        if (displayName.isPresent()) {
            spec = spec.bind("name", displayName.get());
        }
        if (profile.isPresent()) {
            spec = spec.bind("profile", Json.of(json.writeValueAsString(profile.get())));
        }
        return spec.map(this::row).one();
    }

    /** Participants in registration order, filtered by name substring or PID prefix and type. */
    public Flux<ParticipantRow> search(Optional<String> query, Optional<String> type, int limit, long offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM participants WHERE TRUE");
        query.ifPresent(q -> sql.append(" AND (display_name ILIKE '%' || :q || '%' ESCAPE '\\'")
                .append(" OR pid LIKE :q || '%' ESCAPE '\\')"));
        type.ifPresent(t -> sql.append(" AND type = :type"));
        sql.append(" ORDER BY created_at, pid LIMIT :limit OFFSET :offset");

        var spec = db.sql(sql.toString())
                .bind("limit", limit)
                .bind("offset", offset);
        if (query.isPresent()) {
            spec = spec.bind("q", escapeLike(query.get()));
        }
        if (type.isPresent()) {
            spec = spec.bind("type", type.get());
        }
        return spec.map(this::row).all();
    }

    /** Sum of limits of active lines towards the participant, over all equivalents. */
    public Mono<String> totalIncomingTrust(String pid) {
        return db.sql("""
                SELECT COALESCE(SUM(t.credit_limit), 0) AS incoming,
                       COALESCE(MAX(e.precision), 0)::int AS max_precision
                FROM trust_lines t JOIN equivalents e ON e.code = t.equivalent
                WHERE t.to_pid = :pid AND t.status = 'active'
                """)
                .bind("pid", pid)
                .map(r -> format(r.get("incoming", BigDecimal.class),
                        Math.max(MIN_STATS_SCALE, r.get("max_precision", Integer.class))))
                .one();
    }

    /**
     * Every stored amount has at most its equivalent's precision of decimals, so widening to the
     * largest precision involved is exact; the fallback only guards against foreign data.
     */
    static String format(BigDecimal value, int scale) {
        try {
            return value.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
        } catch (ArithmeticException e) {
            return value.stripTrailingZeros().toPlainString();
        }
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private ParticipantRow row(Readable r) {
        String profile = r.get("profile_json", String.class);
        return new ParticipantRow(
                r.get("pid", String.class),
                r.get("public_key", String.class),
                r.get("display_name", String.class),
                r.get("type", String.class),
                r.get("status", String.class),
                r.get("verification_level", Integer.class),
                profile == null ? null : json.readTree(profile),
                r.get("created_at", OffsetDateTime.class).toInstant(),
                r.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
