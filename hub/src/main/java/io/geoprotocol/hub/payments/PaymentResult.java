package io.geoprotocol.hub.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The contract's PaymentResult. An aborted payment carries {@code error} with code and message,
 * so the same body also reads as the error envelope for clients that look only at that.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentResult(
        String txId,
        String status,
        String from,
        String to,
        String equivalent,
        String amount,
        List<RouteView> routes,
        Error error,
        String createdAt,
        String committedAt) {

    public record RouteView(List<String> path, String amount) {
    }

    public record Error(String code, String message, Map<String, Object> details) {
    }

    public boolean committed() {
        return "COMMITTED".equals(status);
    }
}
