package io.geoprotocol.hub.metrics;

import io.geoprotocol.hub.payments.Hop;
import io.geoprotocol.hub.payments.PaymentListener;
import io.geoprotocol.hub.payments.PaymentResult;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Feeds the payment and routing counters from the ledger's outcomes. */
@Component
class PaymentMetrics implements PaymentListener {

    private final HubMetrics metrics;

    PaymentMetrics(HubMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void reserved(String equivalent, Map<Hop, BigDecimal> flows) {
        metrics.paymentEvent("prepare", "success");
    }

    @Override
    public void committed(PaymentResult result, Map<Hop, BigDecimal> newDebts) {
        metrics.paymentEvent("commit", "success");
    }

    @Override
    public void aborted(PaymentResult result) {
        String reason = reason(result);
        metrics.paymentEvent("abort", reason);
        if (reason.equals("no_route") || reason.equals("insufficient_capacity")) {
            metrics.routingFailure(reason);
        }
    }

    /** The error code as a label from a fixed set. */
    static String reason(PaymentResult result) {
        String code = result.error() == null ? "" : result.error().code();
        return switch (code) {
            case "E001" -> "no_route";
            case "E002" -> "insufficient_capacity";
            case "E007" -> "timeout";
            case "E009" -> "invalid";
            default -> "error";
        };
    }
}
