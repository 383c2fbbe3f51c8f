package io.geoprotocol.hub.flow;

import java.util.Arrays;

/**
 * Residual network of exact long capacities (edge {@code e} beside its twin {@code e ^ 1}) whose
 * admissible edges, as a subclass defines them, Dinic's level graphs and blocking flows saturate.
 */
abstract class ResidualNetwork {

    final int nodes;
    final int[] first;
    int[] next;
    int[] to;
    long[] cap;
    private long[] original;
    int edges;

    private final int[] level;
    private final int[] cursor;
    private final int[] queue;
    private final int[] stack;

    ResidualNetwork(int nodes, int expectedEdges) {
        this.nodes = nodes;
        first = new int[nodes];
        Arrays.fill(first, -1);
        int size = Math.max(64, expectedEdges * 2);
        next = new int[size];
        to = new int[size];
        cap = new long[size];
        original = new long[size / 2];
        level = new int[nodes];
        cursor = new int[nodes];
        queue = new int[nodes];
        stack = new int[nodes];
    }

    /** Whether residual edge {@code e}, leaving {@code from}, may carry flow in this phase. */
    abstract boolean admissible(int e, int from);

    /** A running total of flow plus a further amount, with the subclass's overflow behaviour. */
    abstract long plus(long total, long amount);

    /** Adds an edge and its empty twin and returns the edge's id, always even. */
    final int link(int from, int head, long capacity) {
        if (edges + 2 > to.length) {
            int size = to.length * 2;
            next = Arrays.copyOf(next, size);
            to = Arrays.copyOf(to, size);
            cap = Arrays.copyOf(cap, size);
            original = Arrays.copyOf(original, size / 2);
        }
        int e = edges;
        attach(e, from, head, capacity);
        attach(e + 1, head, from, 0);
        original[e >> 1] = capacity;
        edges += 2;
        return e;
    }

    /** Flow on an edge, named by the id its addition returned. */
    public final long flow(int e) {
        return original[e >> 1] - cap[e];
    }

    /** Residual capacity of an edge or of a twin: what it could still carry. */
    public final long residual(int e) {
        return cap[e];
    }

    /**
     * Nodes reachable from the source over edges with residual capacity; after a maximum flow,
     * the source side of a minimum cut.
     */
    public final boolean[] reachable(int source) {
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

    /** Sends flow over admissible edges until none leads from source to sink; returns the sum. */
    final long saturate(int source, int sink) {
        long total = 0;
        while (levels(source, sink)) {
            System.arraycopy(first, 0, cursor, 0, nodes);
            total = plus(total, blockingFlow(source, sink));
        }
        return total;
    }

    private void attach(int e, int from, int head, long capacity) {
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
                if (level[to[e]] < 0 && admissible(e, u)) {
                    level[to[e]] = level[u] + 1;
                    queue[tail++] = to[e];
                }
            }
        }
        return level[sink] >= 0;
    }

    /** Blocking flow on the level graph, iteratively so long paths cannot overflow the stack. */
    private long blockingFlow(int source, int sink) {
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
                total = plus(total, pushed);
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
