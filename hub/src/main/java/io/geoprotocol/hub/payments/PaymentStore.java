package io.geoprotocol.hub.payments;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads stored payments back as the contract's PaymentResult. */
@Component
public class PaymentStore {

    static final String COLUMNS = """
            t.id, t.tx_id, t.type, t.state, t.initiator, t.counterparty, t.equivalent, t.amount, t.payload_hash,
            t.routes::text AS routes, t.error::text AS error, t.created_at, t.committed_at, t.involved,
            e.precision""";

    private final DatabaseClient db;
    private final JsonMapper json;

    public PaymentStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** A stored transaction with what the idempotency check needs besides the result. */
    record Stored(String type, String state, String initiator, String payloadHash, String[] involved,
            PaymentResult result) {
    }

    Mono<Stored> findByTxId(String txId) {
        return db.sql("SELECT " + COLUMNS + " FROM transactions t LEFT JOIN equivalents e ON e.code = t.equivalent "
                        + "WHERE t.tx_id = :txId")
                .bind("txId", txId)
                .map((row, meta) -> stored(row))
                .one();
    }

    Flux<PaymentResult> list(PaymentQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM transactions t LEFT JOIN equivalents e ON e.code = t.equivalent"
                + " WHERE t.type = 'PAYMENT' AND t.state IN ('COMMITTED', 'ABORTED')");
        switch (query.direction()) {
            case "sent" -> sql.append(" AND t.initiator = :pid");
            case "received" -> sql.append(" AND t.counterparty = :pid");
            default -> sql.append(" AND (t.initiator = :pid OR t.counterparty = :pid)");
        }
        if (query.equivalent() != null) {
            sql.append(" AND t.equivalent = :eq");
        }
        if (query.status() != null) {
            sql.append(" AND t.state = :state");
        }
        if (query.fromDate() != null) {
            sql.append(" AND t.created_at >= :fromDate");
        }
        if (query.toDate() != null) {
            sql.append(" AND t.created_at <= :toDate");
        }
        sql.append(" ORDER BY t.created_at DESC, t.id DESC LIMIT :limit OFFSET :offset");

        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString())
                .bind("pid", query.pid())
                .bind("limit", query.perPage())
                .bind("offset", (long) (query.page() - 1) * query.perPage());
        if (query.equivalent() != null) {
            spec = spec.bind("eq", query.equivalent());
        }
        if (query.status() != null) {
            spec = spec.bind("state", query.status());
        }
        if (query.fromDate() != null) {
            spec = spec.bind("fromDate", query.fromDate());
        }
        if (query.toDate() != null) {
            spec = spec.bind("toDate", query.toDate());
        }
        return spec.map((row, meta) -> stored(row).result()).all();
    }

    private Stored stored(Readable row) {
        int precision = row.get("precision", Integer.class) == null ? 2 : row.get("precision", Integer.class);
        String state = row.get("state", String.class);
        String publicStatus = "COMMITTED".equals(state) ? "COMMITTED" : "ABORTED";
        OffsetDateTime committedAt = row.get("committed_at", OffsetDateTime.class);
        BigDecimal amount = row.get("amount", BigDecimal.class);

        PaymentResult result = new PaymentResult(
                row.get("tx_id", String.class),
                publicStatus,
                row.get("initiator", String.class),
                row.get("counterparty", String.class),
                row.get("equivalent", String.class),
                amount == null ? null : amount.setScale(precision).toPlainString(),
                routes(row.get("routes", String.class)),
                "ABORTED".equals(state) ? error(row.get("error", String.class)) : null,
                row.get("created_at", OffsetDateTime.class).toInstant().toString(),
                committedAt == null ? null : committedAt.toInstant().toString());
        return new Stored(row.get("type", String.class), state, row.get("initiator", String.class),
                row.get("payload_hash", String.class), row.get("involved", String[].class), result);
    }

    private List<PaymentResult.RouteView> routes(String text) {
        if (text == null) {
            return List.of();
        }
        List<PaymentResult.RouteView> routes = new ArrayList<>();
        for (JsonNode route : json.readTree(text)) {
            List<String> path = new ArrayList<>();
            route.path("path").forEach(p -> path.add(p.asString()));
            routes.add(new PaymentResult.RouteView(path, route.path("amount").asString()));
        }
        return routes;
    }

    @SuppressWarnings("unchecked")
    private PaymentResult.Error error(String text) {
        if (text == null) {
            return new PaymentResult.Error("E010", "Payment was aborted", Map.of());
        }
        JsonNode node = json.readTree(text);
        Map<String, Object> details = node.has("details") ? json.treeToValue(node.get("details"), Map.class)
                : Map.of();
        return new PaymentResult.Error(node.path("code").asString("E010"), node.path("message").asString(""),
                details);
    }
}
