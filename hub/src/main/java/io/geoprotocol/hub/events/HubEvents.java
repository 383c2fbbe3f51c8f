package io.geoprotocol.hub.events;

import io.geoprotocol.hub.payments.Hop;
import io.geoprotocol.hub.payments.PaymentListener;
import io.geoprotocol.hub.payments.PaymentResult;
import io.geoprotocol.hub.trustlines.TrustLineEvents;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Turns what the ledger, the trust lines and clearing report into participant events: payments
 * to payer, payee and every intermediate; line changes to both parties; a clearing to everyone on
 * the cycle; and a {@code balance.changed} to each participant whose debts moved.
 */
@Component
public class HubEvents implements PaymentListener, TrustLineEvents {

    private static final Logger log = LoggerFactory.getLogger(HubEvents.class);

    private final EventBus bus;
    private final DatabaseClient db;

    public HubEvents(EventBus bus, DatabaseClient db) {
        this.bus = bus;
        this.db = db;
    }

    /** A clearing that reduced every debt along {@code cycle} (first to last, back to first) by amount. */
    public record ClearingApplied(String txId, String equivalent, List<String> cycle, String amount) {
    }

    /** Called by clearing after a cycle's reduction committed. */
    public void clearingApplied(ClearingApplied clearing) {
        Set<String> pids = new LinkedHashSet<>(clearing.cycle());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tx_id", clearing.txId());
        data.put("equivalent", clearing.equivalent());
        data.put("amount", clearing.amount());
        data.put("cycle", List.copyOf(clearing.cycle()));
        bus.publish(HubEvent.of(HubEvent.CLEARING_APPLIED, pids, data));
        balanceChanged(pids, clearing.equivalent(), clearing.txId(), "clearing");
    }

    @Override
    public void committed(PaymentResult result, Map<Hop, BigDecimal> newDebts) {
        Set<String> pids = parties(result);
        bus.publish(HubEvent.of(HubEvent.PAYMENT_COMMITTED, pids, paymentData(result)));

        Set<String> moved = new LinkedHashSet<>();
        newDebts.keySet().forEach(hop -> {
            moved.add(hop.payer());
            moved.add(hop.payee());
        });
        moved.addAll(pids);
        balanceChanged(moved, result.equivalent(), result.txId(), "payment");
    }

    @Override
    public void aborted(PaymentResult result) {
        Map<String, Object> data = paymentData(result);
        if (result.error() != null) {
            data.put("error", Map.of("code", result.error().code(), "message", result.error().message()));
        }
        bus.publish(HubEvent.of(HubEvent.PAYMENT_ABORTED, parties(result), data));
    }

    @Override
    public void lineChanged(String equivalent, UUID lineId) {
        db.sql("""
                        SELECT from_pid, to_pid, credit_limit, status, created_at, updated_at
                        FROM trust_lines WHERE id = :id""")
                .bind("id", lineId)
                .map((row, meta) -> {
                    String status = row.get("status", String.class);
                    OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
                    OffsetDateTime updated = row.get("updated_at", OffsetDateTime.class);
                    String type = "closed".equals(status) ? HubEvent.TRUSTLINE_CLOSED
                            : created != null && created.equals(updated) ? HubEvent.TRUSTLINE_CREATED
                            : HubEvent.TRUSTLINE_UPDATED;
                    String from = row.get("from_pid", String.class);
                    String to = row.get("to_pid", String.class);
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("trustline_id", lineId.toString());
                    data.put("from", from);
                    data.put("to", to);
                    data.put("equivalent", equivalent);
                    data.put("limit", row.get("credit_limit", BigDecimal.class).stripTrailingZeros().toPlainString());
                    data.put("status", status);
                    return HubEvent.of(type, Set.of(from, to), data);
                })
                .one()
                .subscribe(bus::publish,
                        e -> log.warn("event=trustline_event_failed trustline_id={} error=\"{}\"", lineId,
                                e.getMessage()));
    }

    private void balanceChanged(Set<String> pids, String equivalent, String txId, String cause) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("equivalent", equivalent);
        data.put("tx_id", txId);
        data.put("cause", cause);
        bus.publish(HubEvent.of(HubEvent.BALANCE_CHANGED, pids, data));
    }

    private static Set<String> parties(PaymentResult result) {
        Set<String> pids = new LinkedHashSet<>();
        pids.add(result.from());
        pids.add(result.to());
        if (result.routes() != null) {
            result.routes().forEach(route -> pids.addAll(route.path()));
        }
        return pids;
    }

    private static Map<String, Object> paymentData(PaymentResult result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tx_id", result.txId());
        data.put("status", result.status());
        data.put("from", result.from());
        data.put("to", result.to());
        data.put("equivalent", result.equivalent());
        data.put("amount", result.amount());
        if (result.routes() != null) {
            data.put("routes", result.routes().stream()
                    .map(route -> Map.of("path", route.path(), "amount", route.amount()))
                    .toList());
        }
        return data;
    }
}
