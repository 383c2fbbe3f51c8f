package io.geoprotocol.hub.routing;

import java.util.Arrays;

/**
 * Small residual network with exact long capacities and Dinic's max-flow algorithm. Edge
 * {@code e} and its residual twin {@code e ^ 1} are stored side by side.
 */
final class FlowNetwork {

    private final int nodes;
    private final int[] first;
    private int[] next = new int[64];
    private int[] to = new int[64];
    private long[] cap = new long[64];
    private long[] original = new long[32];
    private int edges;
    private final int[] level;
    private final int[] cursor;
    private final int[] queue;

    FlowNetwork(int nodes) {
        this.nodes = nodes;
        first = new int[nodes];
        Arrays.fill(first, -1);
        level = new int[nodes];
        cursor = new int[nodes];
        queue = new int[nodes];
    }

    /** Adds an edge and returns its id; its flow is read back with {@link #flow}. */
    int addEdge(int from, int head, long capacity) {
        if (edges + 2 > to.length) {
            int size = to.length * 2;
            next = Arrays.copyOf(next, size);
            to = Arrays.copyOf(to, size);
            cap = Arrays.copyOf(cap, size);
            original = Arrays.copyOf(original, size / 2);
        }
        int e = edges;
        link(e, from, head, capacity);
        link(e + 1, head, from, 0);
        original[e >> 1] = capacity;
        edges += 2;
        return e;
    }

    int edgeCount() {
        return edges;
    }

    int head(int e) {
        return to[e];
    }

    int tail(int e) {
        return to[e ^ 1];
    }

    int firstEdge(int node) {
        return first[node];
    }

    int nextEdge(int e) {
        return next[e];
    }

    long flow(int e) {
        return original[e >> 1] - cap[e];
    }

    /** Takes back flow from a forward edge while the caller decomposes the flow into paths. */
    void unflow(int e, long amount) {
        cap[e] += amount;
        cap[e ^ 1] -= amount;
    }

    /** Residual capacity, for min-cut reachability. */
    long residual(int e) {
        return cap[e];
    }

    /** Maximum flow; the total saturates at Long.MAX_VALUE rather than overflow. */
    long maxFlow(int source, int sink) {
        long total = 0;
        while (levels(source, sink)) {
            System.arraycopy(first, 0, cursor, 0, nodes);
            total = CreditGraph.saturatedAdd(total, blockingFlow(source, sink));
        }
        return total;
    }

    /** Nodes reachable from the source in the residual network; after maxFlow, the source side of a min cut. */
    boolean[] reachable(int source) {
        boolean[] seen = new boolean[nodes];
        int tail = 0;
        queue[tail++] = source;
        seen[source] = true;
        for (int i = 0; i < tail; i++) {
            for (int e = first[queue[i]]; e >= 0; e = next[e]) {
                if (cap[e] > 0 && !seen[to[e]]) {
                    seen[to[e]] = true;
                    queue[tail++] = to[e];
                }
            }
        }
        return seen;
    }

    private void link(int e, int from, int head, long capacity) {
        to[e] = head;
        cap[e] = capacity;
        next[e] = first[from];
        first[from] = e;
    }

    private boolean levels(int source, int sink) {
        Arrays.fill(level, -1);
        int tail = 0;
        queue[tail++] = source;
        level[source] = 0;
        for (int i = 0; i < tail; i++) {
            int u = queue[i];
            for (int e = first[u]; e >= 0; e = next[e]) {
                if (cap[e] > 0 && level[to[e]] < 0) {
                    level[to[e]] = level[u] + 1;
                    queue[tail++] = to[e];
                }
            }
        }
        return level[sink] >= 0;
    }

    /** Blocking flow on the level graph, iteratively so long paths cannot overflow the stack. */
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
                total = CreditGraph.saturatedAdd(total, pushed);
                depth = firstSaturated;
                u = tail(stack[depth]);
                continue;
            }
            int e = cursor[u];
            while (e >= 0 && (cap[e] == 0 || level[to[e]] != level[u] + 1)) {
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
                u = tail(back);
                cursor[u] = next[cursor[u]];
            }
        }
    }
}
