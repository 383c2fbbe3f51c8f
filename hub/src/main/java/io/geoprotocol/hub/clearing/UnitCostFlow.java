package io.geoprotocol.hub.clearing;

import java.util.Arrays;

/**
 * Minimum-cost flow for networks whose arc costs are 0 or 1, by the primal-dual method:
 * a Dijkstra pass on reduced costs fixes the potentials, then Dinic's algorithm saturates every
 * shortest path at once on the arcs of reduced cost zero. Each phase raises the shortest
 * source-sink distance, and with unit costs that distance is bounded by the node count, so the
 * number of phases is small. Capacities and flows are exact longs.
 */
final class UnitCostFlow {

    private final int nodes;
    private final int[] first;
    private int[] next = new int[64];
    private int[] to = new int[64];
    private long[] cap = new long[64];
    private int[] cost = new int[64];
    private long[] original = new long[32];
    private int arcs;

    private final long[] potential;
    private final long[] distance;
    private final int[] level;
    private final int[] cursor;
    private final int[] queue;
    private long[] heap;

    UnitCostFlow(int nodes, int expectedArcs) {
        this.nodes = nodes;
        first = new int[nodes];
        Arrays.fill(first, -1);
        int size = Math.max(64, expectedArcs * 2);
        next = new int[size];
        to = new int[size];
        cap = new long[size];
        cost = new int[size];
        original = new long[size / 2];
        potential = new long[nodes];
        distance = new long[nodes];
        level = new int[nodes];
        cursor = new int[nodes];
        queue = new int[nodes];
    }

    int addArc(int from, int head, long capacity, int unitCost) {
        if (arcs + 2 > to.length) {
            int size = to.length * 2;
            next = Arrays.copyOf(next, size);
            to = Arrays.copyOf(to, size);
            cap = Arrays.copyOf(cap, size);
            cost = Arrays.copyOf(cost, size);
            original = Arrays.copyOf(original, size / 2);
        }
        int e = arcs;
        link(e, from, head, capacity, unitCost);
        link(e + 1, head, from, 0, -unitCost);
        original[e >> 1] = capacity;
        arcs += 2;
        return e;
    }

    long flow(int arc) {
        return original[arc >> 1] - cap[arc];
    }

    /** Sends as much as possible from source to sink at minimum cost; returns the amount. */
    long run(int source, int sink) {
        heap = new long[arcs + nodes + 1];
        long sent = 0;
        while (shortestDistances(source, sink)) {
            for (int v = 0; v < nodes; v++) {
                potential[v] += Math.min(distance[v], distance[sink]);
            }
            while (admissibleLevels(source, sink)) {
                System.arraycopy(first, 0, cursor, 0, nodes);
                sent = Math.addExact(sent, blockingFlow(source, sink));
            }
        }
        return sent;
    }

    private void link(int e, int from, int head, long capacity, int unitCost) {
        to[e] = head;
        cap[e] = capacity;
        cost[e] = unitCost;
        next[e] = first[from];
        first[from] = e;
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

    private boolean admissible(int e, int from) {
        return cap[e] > 0 && reducedCost(e, from) == 0;
    }

    private boolean admissibleLevels(int source, int sink) {
        Arrays.fill(level, -1);
        int tail = 0;
        queue[tail++] = source;
        level[source] = 0;
        for (int i = 0; i < tail; i++) {
            int u = queue[i];
            for (int e = first[u]; e >= 0; e = next[e]) {
                if (level[to[e]] < 0 && admissible(e, u)) {
                    level[to[e]] = level[u] + 1;
                    queue[tail++] = to[e];
                }
            }
        }
        return level[sink] >= 0;
    }

    private long blockingFlow(int source, int sink) {
        int[] stack = new int[nodes];
        int depth = 0;
        int u = source;
        long total = 0;
        while (true) {
            if (u == sink) {
                long pushed = Long.MAX_VALUE;
                for (int i = 0; i < depth; i++) {
                    pushed = Math.min(pushed, cap[stack[i]]);
                }
                int firstSaturated = -1;
                for (int i = 0; i < depth; i++) {
                    int e = stack[i];
                    cap[e] -= pushed;
                    cap[e ^ 1] += pushed;
                    if (cap[e] == 0 && firstSaturated < 0) {
                        firstSaturated = i;
                    }
                }
                total = Math.addExact(total, pushed);
                depth = firstSaturated;
                u = to[stack[depth] ^ 1];
                continue;
            }
            int e = cursor[u];
            while (e >= 0 && !(level[to[e]] == level[u] + 1 && admissible(e, u))) {
                e = next[e];
            }
            cursor[u] = e;
            if (e >= 0) {
                stack[depth++] = e;
                u = to[e];
            } else {
                level[u] = -1;
                if (u == source) {
                    return total;
                }
                int back = stack[--depth];
                u = to[back ^ 1];
                cursor[u] = next[cursor[u]];
            }
        }
    }
}
