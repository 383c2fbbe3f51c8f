package io.geoprotocol.hub.payments;

import java.math.BigDecimal;
import java.util.List;

/** One path of a payment, payer first and payee last, with the amount it carries. */
public record Route(List<String> path, BigDecimal amount) {

    public Route {
        path = List.copyOf(path);
        if (path.size() < 2) {
            throw new IllegalArgumentException("A route needs at least a payer and a payee");
        }
    }

    public int hops() {
        return path.size() - 1;
    }
}
