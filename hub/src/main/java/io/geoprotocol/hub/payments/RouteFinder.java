package io.geoprotocol.hub.payments;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/** Finds routes for a payment on a view of the trust graph that may be slightly stale. */
public interface RouteFinder {

    Outcome find(Query query);

    /** The view of this equivalent proved stale: rebuild it from the database before the next search. */
    void refresh(String equivalent);

    record Query(String equivalent, int precision, String payer, String payee, BigDecimal amount, int maxHops,
            int maxPaths, Set<String> avoid) {
    }

    sealed interface Outcome permits Found, NoRoute, Insufficient {
    }

    record Found(List<Route> routes) implements Outcome {
    }

    record NoRoute() implements Outcome {
    }

    record Insufficient(BigDecimal available) implements Outcome {
    }
}
