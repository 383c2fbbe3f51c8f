package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.audit.AdminAudit;
import io.geoprotocol.hub.events.HubEvents;
import io.geoprotocol.hub.metrics.HubMetrics;
import io.geoprotocol.hub.payments.PaymentLedger;
import io.geoprotocol.hub.payments.PaymentResult;
import io.geoprotocol.hub.routing.GraphRegistry;
import io.geoprotocol.hub.web.ApiException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operator's abort of a payment stuck before its final state. It goes through the ledger's own
 * abort (which never touches a committed payment): a payment that committed, or commits while the
 * abort waits for its row, is answered 409 and leaves no audit row behind.
 */
@Service
public class TransactionAbort {

    private static final Logger log = LoggerFactory.getLogger(TransactionAbort.class);

    private final DatabaseClient db;
    private final PaymentLedger ledger;
    private final TransactionalOperator tx;
    private final AdminAudit audit;
    private final GraphRegistry graphs;
    private final HubMetrics metrics;
    private final HubEvents events;
    private final JsonMapper json;

    public TransactionAbort(DatabaseClient db, PaymentLedger ledger, TransactionalOperator tx, AdminAudit audit,
            GraphRegistry graphs, HubMetrics metrics, HubEvents events, JsonMapper json) {
        this.db = db;
        this.ledger = ledger;
        this.tx = tx;
        this.audit = audit;
        this.graphs = graphs;
        this.metrics = metrics;
        this.events = events;
        this.json = json;
    }

    private record Found(UUID id, String state, String equivalent, String initiator, String counterparty,
            BigDecimal amount) {
    }

    public Mono<Map<String, String>> abort(String txId, String reason, ServerWebExchange exchange) {
        String error = json.writeValueAsString(Map.of("code", "E007", "message",
                "Payment was aborted by an operator: " + reason, "details", Map.of("aborted_by", "admin")));

        Mono<Found> work = db.sql("""
                        SELECT id, state, equivalent, initiator, counterparty, amount FROM transactions
                        WHERE tx_id = :txId AND type = 'PAYMENT'""")
                .bind("txId", txId)
                .map((row, meta) -> new Found(row.get("id", UUID.class), row.get("state", String.class),
                        row.get("equivalent", String.class), row.get("initiator", String.class),
                        row.get("counterparty", String.class), row.get("amount", BigDecimal.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Transaction " + txId + " not found")))
                .flatMap(found -> found.state().equals("ABORTED")
                        ? Mono.just(found)
                        : audit.record(AdminAudit.Entry.of(exchange, "admin.transactions.abort",
                                "transaction", txId, reason, Map.of("state", found.state()),
                                Map.of("state", "ABORTED")))
                        .then(ledger.abortUnlessFinal(found.id(), error))
                        .flatMap(state -> state.equals("COMMITTED")
                                ? Mono.error(ApiException.conflict("Transaction is already committed",
                                        Map.of("tx_id", txId)))
                                : Mono.just(found)));

        return tx.transactional(work)
                .map(found -> {
                    graphs.refresh(found.equivalent());
                    metrics.paymentEvent("abort", "admin");
                    notifyAborted(txId, found);
                    log.warn("event=payment_aborted_by_admin tx_id={} previous_state={}", txId, found.state());
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("tx_id", txId);
                    body.put("status", "aborted");
                    return body;
                });
    }

    private void notifyAborted(String txId, Found found) {
        PaymentResult result = new PaymentResult(txId, "ABORTED", found.initiator(), found.counterparty(),
                found.equivalent(), found.amount() == null ? null : found.amount().stripTrailingZeros().toPlainString(),
                null, new PaymentResult.Error("E007", "Payment was aborted by an operator", Map.of()), null, null);
        events.aborted(result);
    }
}
