package io.geoprotocol.hub.routing;

import java.util.List;

/** One path of a payment, payer first and payee last, and the amount it carries. */
public record Route(List<String> path, long amount) {

    public Route {
        path = List.copyOf(path);
        if (path.size() < 2 || amount <= 0) {
            throw new IllegalArgumentException("a route needs two participants and a positive amount");
        }
    }

    public int hops() {
        return path.size() - 1;
    }
}
