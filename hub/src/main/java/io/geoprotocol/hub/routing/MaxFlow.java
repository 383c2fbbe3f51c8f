package io.geoprotocol.hub.routing;

import io.geoprotocol.hub.flow.MaxFlowNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maximum amount payable between two participants within a hop limit.
 *
 * <p>A flow whose every path has at most {@code maxHops} hops is a length-bounded flow; its
 * integral maximum is NP-hard in general, so this class brackets it. Upper bound: Dinic's
 * max flow on the hops that lie on at least one short enough path (hop distance from the payer
 * plus one plus hop distance to the payee within the limit); every admissible path uses only
 * such hops. Feasible amount: that flow decomposed into simple paths, keeping the paths that
 * obey the hop limit and the blocked lists; when some path does not, also a greedy packing of
 * widest paths on residual capacities (at most {@value #GREEDY_PATHS} paths), and the larger
 * of the two is reported. The two figures coincide in the usual case, and the result says so.
 */
public final class MaxFlow {

    static final String ALGORITHM = "dinic-hop-bounded";
    static final int GREEDY_PATHS = 64;

    private final CreditGraph graph;
    private final Router router;

    public MaxFlow(CreditGraph graph) {
        this.graph = graph;
        this.router = new Router(graph);
    }

    /** Max flow honouring {@code maxHops} and {@code avoid}; {@code maxPaths} does not limit it. */
    public MaxFlowResult compute(String payer, String payee, RouteConstraints constraints) {
        graph.readLock().lock();
        try {
            int from = graph.indexOf(payer);
            int to = graph.indexOf(payee);
            if (from < 0 || to < 0 || from == to || !graph.active[from] || !graph.active[to]) {
                return MaxFlowResult.empty();
            }
            PathSearch search = PathSearch.forThread();
            search.begin(graph, from, to, constraints.maxHops(), constraints.avoid());
            try {
                return new Computation(search, from, to, constraints.maxHops()).run();
            } finally {
                search.end();
            }
        } finally {
            graph.readLock().unlock();
        }
    }

    /** Whether {@code amount} can be paid now, and the most that could be. */
    public CapacityCheck capacity(String payer, String payee, long amount, RouteConstraints constraints) {
        RouteResult route = router.route(payer, payee, amount, constraints);
        long maxAmount = compute(payer, payee, constraints).maxAmount();
        if (route instanceof RouteResult.Found found) {
            RoutePlan plan = found.plan();
            return new CapacityCheck(true, Math.max(maxAmount, amount), plan.routes().size(), plan.maxHops());
        }
        long reachable = ((RouteResult.Failed) route).maxAvailable();
        return new CapacityCheck(false, Math.max(maxAmount, reachable), 0, 0);
    }

    /** One max-flow request over the graph, under its read lock. */
    private final class Computation {

        private final PathSearch search;
        private final int payer;
        private final int payee;
        private final int maxHops;
        private final int[] local;
        private int[] global = new int[64];
        private int localCount;
        private int[] arcOfEdge = new int[64];

        Computation(PathSearch search, int payer, int payee, int maxHops) {
            this.search = search;
            this.payer = payer;
            this.payee = payee;
            this.maxHops = maxHops;
            this.local = new int[graph.nodeCount];
            Arrays.fill(local, -1);
        }

        MaxFlowResult run() {
            int[] fromPayer = hopDistances(payer, payee, true);
            int[] toPayee = hopDistances(payee, payer, false);
            if (fromPayer[payee] > maxHops) {
                return MaxFlowResult.empty();
            }
            MaxFlowNetwork network = build(fromPayer, toPayee);
            int source = local[payer];
            int sink = local[payee];
            long upper = network.maxFlow(source, sink);
            List<Bottleneck> cut = minCut(network, source);

            List<Route> paths = new ArrayList<>();
            long decomposed = decompose(network, source, sink, paths);
            if (decomposed == upper) {
                return new MaxFlowResult(decomposed, paths, cut, upper, true, ALGORITHM);
            }
            List<Route> greedyPaths = new ArrayList<>();
            long greedy = greedy(greedyPaths);
            boolean greedyWins = greedy > decomposed;
            long best = greedyWins ? greedy : decomposed;
            return new MaxFlowResult(best, greedyWins ? greedyPaths : paths, cut, upper, best == upper,
                    ALGORITHM + (greedyWins ? "+widest-greedy" : ""));
        }

        private int[] hopDistances(int root, int stop, boolean isForward) {
            int[] distance = new int[graph.nodeCount];
            Arrays.fill(distance, Integer.MAX_VALUE);
            int[] queue = new int[graph.nodeCount];
            int tail = 0;
            queue[tail++] = root;
            distance[root] = 0;
            for (int i = 0; i < tail; i++) {
                int u = queue[i];
                if (u == stop || distance[u] == maxHops) {
                    continue;
                }
                for (int k = 0; k < graph.degree[u]; k++) {
                    int out = graph.adjacency[u][k];
                    int arc = isForward ? out : out ^ 1;
                    int other = graph.arcHead[out];
                    if (distance[other] == Integer.MAX_VALUE && search.stepAllowed(arc, other)) {
                        distance[other] = distance[u] + 1;
                        queue[tail++] = other;
                    }
                }
            }
            return distance;
        }

        private MaxFlowNetwork build(int[] fromPayer, int[] toPayee) {
            for (int v = 0; v < graph.nodeCount; v++) {
                if (fromPayer[v] != Integer.MAX_VALUE && toPayee[v] != Integer.MAX_VALUE
                        && fromPayer[v] + toPayee[v] <= maxHops) {
                    localIndex(v);
                }
            }
            MaxFlowNetwork network = new MaxFlowNetwork(localCount);
            for (int i = 0; i < localCount; i++) {
                int u = global[i];
                if (u == payee) {
                    continue;
                }
                for (int k = 0; k < graph.degree[u]; k++) {
                    int arc = graph.adjacency[u][k];
                    int w = graph.arcHead[arc];
                    if (local[w] < 0 || w == payer || fromPayer[u] + 1 + toPayee[w] > maxHops
                            || !search.stepAllowed(arc, w)) {
                        continue;
                    }
                    int edge = network.addEdge(i, local[w], graph.capacity(arc));
                    if ((edge >> 1) >= arcOfEdge.length) {
                        arcOfEdge = Arrays.copyOf(arcOfEdge, arcOfEdge.length * 2);
                    }
                    arcOfEdge[edge >> 1] = arc;
                }
            }
            return network;
        }

        private void localIndex(int v) {
            if (localCount == global.length) {
                global = Arrays.copyOf(global, localCount * 2);
            }
            local[v] = localCount;
            global[localCount++] = v;
        }

        private List<Bottleneck> minCut(MaxFlowNetwork network, int source) {
            boolean[] sourceSide = network.reachable(source);
            List<Bottleneck> cut = new ArrayList<>();
            for (int e = 0; e < network.edgeCount(); e += 2) {
                if (sourceSide[network.tail(e)] && !sourceSide[network.head(e)]) {
                    int arc = arcOfEdge[e >> 1];
                    long limit = graph.lineLimit(arc);
                    long available = graph.capacity(arc);
                    cut.add(new Bottleneck(graph.pids[graph.tail(arc)], graph.pids[graph.arcHead[arc]],
                            limit, Math.max(0, limit - available), available));
                }
            }
            return cut;
        }

        /**
         * Splits the flow into simple source-sink paths, cancelling any flow cycle met on the
         * way; keeps the paths that obey the hop limit and blocked lists and returns their sum.
         */
        private long decompose(MaxFlowNetwork network, int source, int sink, List<Route> out) {
            int[] cursor = new int[localCount];
            for (int i = 0; i < localCount; i++) {
                cursor[i] = network.firstEdge(i);
            }
            int[] position = new int[localCount];
            Arrays.fill(position, -1);
            int[] edges = new int[localCount];
            long kept = 0;

            while (true) {
                int depth = 0;
                int u = source;
                position[source] = 0;
                while (u != sink) {
                    int e = cursor[u];
                    while (e >= 0 && ((e & 1) != 0 || network.flow(e) <= 0)) {
                        e = network.nextEdge(e);
                    }
                    cursor[u] = e;
                    if (e < 0) {
                        break;
                    }
                    int v = network.head(e);
                    edges[depth++] = e;
                    if (position[v] >= 0) {
                        depth = cancelCycle(network, edges, position, position[v], depth);
                    } else {
                        position[v] = depth;
                    }
                    u = v;
                }
                if (u != sink) {
                    clearPositions(network, edges, position, depth, source);
                    return kept;
                }
                long amount = Long.MAX_VALUE;
                for (int i = 0; i < depth; i++) {
                    amount = Math.min(amount, network.flow(edges[i]));
                }
                int[] arcs = new int[depth];
                for (int i = 0; i < depth; i++) {
                    network.unflow(edges[i], amount);
                    arcs[i] = arcOfEdge[edges[i] >> 1];
                }
                clearPositions(network, edges, position, depth, source);
                if (depth <= maxHops && search.respectsBlockedLists(arcs)) {
                    out.add(new Route(router.pidsOf(arcs), amount));
                    kept = CreditGraph.saturatedAdd(kept, amount);
                }
            }
        }

        /** Removes the flow cycle closed by the last edge and returns the shortened depth. */
        private int cancelCycle(MaxFlowNetwork network, int[] edges, int[] position, int start,
                int depth) {
            long amount = Long.MAX_VALUE;
            for (int i = start; i < depth; i++) {
                amount = Math.min(amount, network.flow(edges[i]));
            }
            for (int i = start; i < depth; i++) {
                network.unflow(edges[i], amount);
                if (i + 1 < depth) {
                    position[network.head(edges[i])] = -1;
                }
            }
            return start;
        }

        private void clearPositions(MaxFlowNetwork network, int[] edges, int[] position, int depth,
                int source) {
            position[source] = -1;
            for (int i = 0; i < depth; i++) {
                position[network.head(edges[i])] = -1;
            }
        }

        private long greedy(List<Route> out) {
            long total = 0;
            for (int i = 0; i < GREEDY_PATHS; i++) {
                int[] arcs = search.widest(Long.MAX_VALUE);
                if (arcs == null) {
                    break;
                }
                long width = Long.MAX_VALUE;
                for (int arc : arcs) {
                    width = Math.min(width, search.residual(arc));
                }
                for (int arc : arcs) {
                    search.consume(arc, width);
                }
                out.add(new Route(router.pidsOf(arcs), width));
                total = CreditGraph.saturatedAdd(total, width);
            }
            return total;
        }
    }
}
