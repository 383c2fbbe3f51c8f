package io.geoprotocol.hub.routing;

import java.util.List;

/** Paths that together carry the whole payment, widest first. */
public record RoutePlan(List<Route> routes) {

    public RoutePlan {
        routes = List.copyOf(routes);
    }

    /** Sum of the route amounts; exact, since it never exceeds the requested amount. */
    public long total() {
        long sum = 0;
        for (Route route : routes) {
            sum = Math.addExact(sum, route.amount());
        }
        return sum;
    }

    public int maxHops() {
        return routes.stream().mapToInt(Route::hops).max().orElse(0);
    }
}
