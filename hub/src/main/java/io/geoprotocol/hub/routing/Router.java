package io.geoprotocol.hub.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a payment over up to {@code maxPaths} paths of at most {@code maxHops} hops, widest
 * first: it repeatedly takes the widest simple path on the capacities the earlier paths left,
 * gives it as much of the remaining amount as it carries, and stops when the amount is covered.
 *
 * <p>Policies: inactive participants are never on a path; {@code avoid} PIDs are never
 * intermediates; a frozen line gives no credit (and its debt cannot be offset); a line with
 * {@code can_be_intermediate=false} carries a hop only when its owner is the payee; a route is
 * refused when any of its intermediates is in the {@code blocked_participants} of a line it uses.
 *
 * <p>Paths of one plan never count a hop and its reverse against each other: each hop is
 * limited by its own capacity, which keeps the plan safe to execute in any order.
 */
public final class Router {

    private final CreditGraph graph;

    public Router(CreditGraph graph) {
        this.graph = graph;
    }

    public CreditGraph graph() {
        return graph;
    }

    public RouteResult route(String payer, String payee, long amount, RouteConstraints constraints) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be > 0: " + amount);
        }
        if (payer.equals(payee)) {
            throw new IllegalArgumentException("payer and payee must differ");
        }
        graph.readLock().lock();
        try {
            int from = graph.indexOf(payer);
            int to = graph.indexOf(payee);
            if (from < 0 || to < 0) {
                return new RouteResult.Failed(RouteFailure.NO_ROUTE, 0);
            }
            if (!graph.active[from] || !graph.active[to]) {
                return new RouteResult.Failed(RouteFailure.PARTICIPANT_INACTIVE, 0);
            }
            PathSearch search = PathSearch.forThread();
            search.begin(graph, from, to, constraints.maxHops(), constraints.avoid());
            try {
                return plan(search, amount, constraints.maxPaths());
            } finally {
                search.end();
            }
        } finally {
            graph.readLock().unlock();
        }
    }

    private RouteResult plan(PathSearch search, long amount, int maxPaths) {
        List<Route> routes = new ArrayList<>();
        long remaining = amount;

        while (remaining > 0 && routes.size() < maxPaths) {
            int[] arcs = search.widest(remaining);
            if (arcs == null) {
                break;
            }
            long bottleneck = Long.MAX_VALUE;
            for (int arc : arcs) {
                bottleneck = Math.min(bottleneck, search.residual(arc));
            }
            long share = Math.min(remaining, bottleneck);
            for (int arc : arcs) {
                search.consume(arc, share);
            }
            routes.add(new Route(pidsOf(arcs), share));
            remaining -= share;
        }

        if (remaining == 0) {
            return new RouteResult.Found(new RoutePlan(routes));
        }
        if (routes.isEmpty() && !search.anyPath()) {
            return new RouteResult.Failed(RouteFailure.NO_ROUTE, 0);
        }
        return new RouteResult.Failed(RouteFailure.INSUFFICIENT_CAPACITY, amount - remaining);
    }

    List<String> pidsOf(int[] arcs) {
        List<String> path = new ArrayList<>(arcs.length + 1);
        path.add(graph.pids[graph.tail(arcs[0])]);
        for (int arc : arcs) {
            path.add(graph.pids[graph.arcHead[arc]]);
        }
        return path;
    }
}
