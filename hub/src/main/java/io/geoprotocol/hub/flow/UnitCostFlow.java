package io.geoprotocol.hub.flow;

import java.util.Arrays;

/** Minimum-cost flow for networks whose arc costs are 0 or 1, by the primal-dual method. */
public final class UnitCostFlow extends ResidualNetwork {

    private int[] cost;
    private final long[] potential;
    private final long[] distance;
    private long[] heap;

    public UnitCostFlow(int nodes, int expectedArcs) {
        super(nodes, expectedArcs);
        cost = new int[to.length];
        potential = new long[nodes];
        distance = new long[nodes];
    }

    /** Adds an arc and returns its id; its flow is read back with {@link #flow}. */
    public int addArc(int from, int head, long capacity, int unitCost) {
        int e = link(from, head, capacity);
        if (cost.length < to.length) {
            cost = Arrays.copyOf(cost, to.length);
        }
        cost[e] = unitCost;
        cost[e + 1] = -unitCost;
        return e;
    }

    /**
     * Sends as much as possible from source to sink at minimum cost and returns the amount: a
     * Dijkstra pass on reduced costs fixes the potentials, then Dinic's algorithm saturates every
     * shortest path at once on the arcs of reduced cost zero. Each phase raises the shortest
     * source-sink distance, which unit costs bound by the node count, so phases are few.
     */
    public long run(int source, int sink) {
        heap = new long[edges + nodes + 1];
        long sent = 0;
        while (shortestDistances(source, sink)) {
            for (int v = 0; v < nodes; v++) {
                potential[v] += Math.min(distance[v], distance[sink]);
            }
            sent = Math.addExact(sent, saturate(source, sink));
        }
        return sent;
    }

    @Override
    boolean admissible(int e, int from) {
        return cap[e] > 0 && reducedCost(e, from) == 0;
    }

    /** A cleared amount past Long.MAX_VALUE cannot be represented, so it fails loudly. */
    @Override
    long plus(long total, long amount) {
        return Math.addExact(total, amount);
    }

    private long reducedCost(int e, int from) {
        return cost[e] + potential[from] - potential[to[e]];
    }

    /** Dijkstra on reduced costs, stopping once the sink is settled. */
    private boolean shortestDistances(int source, int sink) {
        Arrays.fill(distance, Long.MAX_VALUE);
        distance[source] = 0;
        int size = 0;
        size = heapPush(size, 0, source);
        while (size > 0) {
            long top = heap[0];
            size = heapPop(size);
            int u = (int) (top % nodes);
            long d = top / nodes;
            if (d != distance[u]) {
                continue;
            }
            if (u == sink) {
                return true;
            }
            for (int e = first[u]; e >= 0; e = next[e]) {
                if (cap[e] <= 0) {
                    continue;
                }
                long candidate = d + reducedCost(e, u);
                int v = to[e];
                if (candidate < distance[v]) {
                    distance[v] = candidate;
                    size = heapPush(size, candidate, v);
                }
            }
        }
        return false;
    }

    private int heapPush(int size, long dist, int node) {
        long key = dist * nodes + node;
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
        return size + 1;
    }

    private int heapPop(int size) {
        size--;
        long key = heap[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= key) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = key;
        }
        return size;
    }
}
