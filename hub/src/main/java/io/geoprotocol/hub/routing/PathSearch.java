package io.geoprotocol.hub.routing;

import java.util.Arrays;
import java.util.Set;

/**
 * Hop-bounded widest-path search between one payer and one payee, reused by one thread.
 *
 * <p>Bidirectional label-setting search: each side pops labels (node, hops) widest first, then
 * fewest hops, and expands a label only when no label of the same node popped before has fewer
 * or equal hops (that one is at least as wide, so it dominates). Each label, when created or
 * widened, is joined with the other side's labels at the same node that fit the hop limit; the
 * best join {@code mu} is final once either side's next label is no wider than {@code mu},
 * since that side has then expanded every label wider than that. The side that has scanned
 * fewer arcs expands next, so a hub on one side does not starve the other. Widths are capped
 * at the amount still to route: a small payment stops at the first join that carries all of
 * it, which in practice is a shortest route found by meeting in the middle.
 *
 * <p>Walks formed by joining the two halves are shortcut into simple paths, which never
 * narrows them or lengthens them. A {@code blocked_participants} list can span hops, which
 * the labels cannot express: such a path is checked after the fact, and the blocked
 * intermediate is avoided while this one path is searched again (at most 16 times). That is
 * always safe, but may miss a path that passes the blocked participant using other lines.
 */
final class PathSearch {

    private static final ThreadLocal<PathSearch> PER_THREAD = ThreadLocal.withInitial(PathSearch::new);
    private static final int BLOCKED_RETRIES = 16;

    private final Side forward = new Side();
    private final Side backward = new Side();
    private final ArcUsage usage = new ArcUsage();
    private boolean[] avoided = new boolean[0];
    private int[] avoidedList = new int[8];
    private int avoidedCount;
    private int[] pathArcs = new int[64];
    private int[] pathNodes = new int[65];

    private CreditGraph graph;
    private long best;
    private int meetNode;
    private int meetForwardHops;
    private int meetBackwardHops;
    private int nodes;
    private int maxHops;
    private int payer;
    private int payee;

    static PathSearch forThread() {
        return PER_THREAD.get();
    }

    /** Prepares a request; the caller must hold the graph's read lock until {@link #end}. */
    void begin(CreditGraph g, int from, int to, int hops, Set<String> avoid) {
        graph = g;
        nodes = g.nodeCount;
        maxHops = hops;
        payer = from;
        payee = to;
        forward.ensure(nodes, hops);
        backward.ensure(nodes, hops);
        if (avoided.length < nodes) {
            avoided = new boolean[Math.max(nodes, avoided.length * 2)];
        }
        for (String pid : avoid) {
            int index = g.indexOf(pid);
            if (index >= 0 && !avoided[index]) {
                avoidNode(index);
            }
        }
    }

    private void avoidNode(int index) {
        if (avoidedCount == avoidedList.length) {
            avoidedList = Arrays.copyOf(avoidedList, avoidedCount * 2);
        }
        avoided[index] = true;
        avoidedList[avoidedCount++] = index;
    }

    void end() {
        forward.reset(nodes);
        backward.reset(nodes);
        for (int i = 0; i < avoidedCount; i++) {
            avoided[avoidedList[i]] = false;
        }
        avoidedCount = 0;
        usage.clear();
        graph = null;
    }

    /**
     * Whether a hop may be taken towards {@code other} (its head going forward, its tail going
     * backward) under activity, avoid and the arc's own line policy.
     */
    boolean stepAllowed(int arc, int other) {
        if (!graph.active[other] || (avoided[other] && other != payer && other != payee)) {
            return false;
        }
        return graph.usable(arc) && graph.permits(arc, payer, payee);
    }

    /** Whether no line of the path blocks one of its intermediates. */
    boolean respectsBlockedLists(int[] arcs) {
        if (arcs.length > pathArcs.length) {
            return false;
        }
        System.arraycopy(arcs, 0, pathArcs, 0, arcs.length);
        pathNodes[0] = payer;
        for (int i = 0; i < arcs.length; i++) {
            pathNodes[i + 1] = graph.arcHead[arcs[i]];
        }
        return blockedIntermediate(arcs.length) < 0;
    }

    /** Capacity of the arc left after the paths already taken in this request. */
    long residual(int arc) {
        return Math.max(0, graph.capacity(arc) - usage.get(arc));
    }

    void consume(int arc, long amount) {
        usage.add(arc, amount);
    }

    /**
     * Widest simple path within the hop limit on residual capacities, widths capped at
     * {@code cap}; returns its arcs, or null when no path with positive capacity exists.
     */
    int[] widest(long cap) {
        return searchWithPolicyRetries(cap, false);
    }

    /** Whether any path exists at all within hops and policies, ignoring capacities. */
    boolean anyPath() {
        return searchWithPolicyRetries(1, true) != null;
    }

    private int[] searchWithPolicyRetries(long cap, boolean structural) {
        int permanentlyAvoided = avoidedCount;
        try {
            for (int attempt = 0; attempt <= BLOCKED_RETRIES; attempt++) {
                int length = search(cap, structural);
                if (length < 0) {
                    return null;
                }
                int blockedNode = blockedIntermediate(length);
                if (blockedNode < 0) {
                    return Arrays.copyOf(pathArcs, length);
                }
                avoidNode(blockedNode);
            }
            return null;
        } finally {
            while (avoidedCount > permanentlyAvoided) {
                avoided[avoidedList[--avoidedCount]] = false;
            }
        }
    }

    /** Runs one bidirectional search; leaves the path in pathArcs and returns its length, or -1. */
    private int search(long cap, boolean structural) {
        forward.reset(nodes);
        backward.reset(nodes);
        best = 0;
        meetNode = -1;
        forward.offer(payer, 0, cap, -1, nodes);
        backward.offer(payee, 0, cap, -1, nodes);

        while (!forward.heap.isEmpty() && !backward.heap.isEmpty()) {
            if (forward.heap.topWidth() <= best || backward.heap.topWidth() <= best) {
                break;
            }
            boolean isForward = forward.work <= backward.work;
            Side side = isForward ? forward : backward;
            long width = side.heap.topWidth();
            int state = side.heap.topState();
            side.heap.pop();
            int node = state % nodes;
            int hops = state / nodes;
            if (width != side.width[state] || hops >= side.minHops[node]) {
                continue;
            }
            side.settle(node, hops);

            boolean endpoint = node == (isForward ? payee : payer);
            if (hops < maxHops && !endpoint) {
                expand(side, isForward, node, hops, width, structural);
            }
        }
        return meetNode < 0 ? -1 : joinPath(meetNode, meetForwardHops, meetBackwardHops);
    }

    private void expand(Side side, boolean isForward, int node, int hops, long width, boolean structural) {
        int[] row = graph.adjacency[node];
        int degree = graph.degree[node];
        int root = isForward ? payer : payee;
        int next = hops + 1;
        side.work += degree;
        for (int i = 0; i < degree; i++) {
            int out = row[i];
            int arc = isForward ? out : out ^ 1;
            int other = graph.arcHead[out];
            if (other == root || next >= side.minHops[other] || !graph.active[other]) {
                continue;
            }
            if (avoided[other] && other != payer && other != payee) {
                continue;
            }
            long capacity;
            if (structural) {
                capacity = graph.usable(arc) ? 1 : 0;
            } else {
                capacity = residual(arc);
            }
            if (capacity <= 0 || !graph.permits(arc, payer, payee)) {
                continue;
            }
            long offered = Math.min(width, capacity);
            if (side.offer(other, next, offered, arc, nodes)) {
                meet(isForward, other, next, offered);
            }
        }
    }

    /**
     * Joins a new label with every label of the other side at the same node that leaves room
     * within the hop limit. Every label stands for a real walk, so each join is a real route.
     */
    private void meet(boolean isForward, int node, int hops, long width) {
        Side other = isForward ? backward : forward;
        for (int otherHops = 0; otherHops <= maxHops - hops; otherHops++) {
            long joined = Math.min(width, other.width[otherHops * nodes + node]);
            if (joined > best) {
                best = joined;
                meetNode = node;
                meetForwardHops = isForward ? hops : otherHops;
                meetBackwardHops = isForward ? otherHops : hops;
            }
        }
    }

    /** Joins both halves at the meeting node, drops loops, and returns the path length. */
    private int joinPath(int meet, int forwardHops, int backwardHops) {
        int length = 0;
        int state = forwardHops * nodes + meet;
        for (int h = forwardHops; h > 0; h--) {
            int arc = forward.parent[state];
            pathArcs[forwardHops - h] = arc;
            state = (h - 1) * nodes + graph.tail(arc);
        }
        for (int i = 0, j = forwardHops - 1; i < j; i++, j--) {
            int swap = pathArcs[i];
            pathArcs[i] = pathArcs[j];
            pathArcs[j] = swap;
        }
        length = forwardHops;
        state = backwardHops * nodes + meet;
        for (int h = backwardHops; h > 0; h--) {
            int arc = backward.parent[state];
            pathArcs[length++] = arc;
            state = (h - 1) * nodes + graph.arcHead[arc];
        }
        return dropLoops(length);
    }

    private int dropLoops(int length) {
        int kept = 0;
        pathNodes[0] = payer;
        for (int i = 0; i < length; i++) {
            int arc = pathArcs[i];
            int head = graph.arcHead[arc];
            int seen = -1;
            for (int k = 0; k <= kept; k++) {
                if (pathNodes[k] == head) {
                    seen = k;
                    break;
                }
            }
            if (seen >= 0) {
                kept = seen;
            } else {
                pathArcs[kept++] = arc;
                pathNodes[kept] = head;
            }
        }
        return kept;
    }

    /** An intermediate that a line of the path blocks, or -1 when the path is clean. */
    private int blockedIntermediate(int length) {
        for (int i = 0; i < length; i++) {
            int[] list = graph.blockedOf(pathArcs[i]);
            if (list == null) {
                continue;
            }
            for (int k = 1; k < length; k++) {
                if (Arrays.binarySearch(list, pathNodes[k]) >= 0) {
                    return pathNodes[k];
                }
            }
        }
        return -1;
    }

    int pathNode(int position) {
        return pathNodes[position];
    }

    /** Labels of one search direction, indexed by state = hops * nodes + node. */
    private static final class Side {

        long[] width = new long[0];
        int[] parent = new int[0];
        byte[] minHops = new byte[0];
        final WidthHeap heap = new WidthHeap();
        long work;
        private int[] touched = new int[1024];
        private int touchedCount;

        void ensure(int nodes, int hops) {
            int states = nodes * (hops + 1);
            if (width.length < states) {
                int size = Math.max(states, width.length + (width.length >> 1));
                width = new long[size];
                parent = new int[size];
            }
            if (minHops.length < nodes) {
                minHops = new byte[Math.max(nodes, minHops.length + (minHops.length >> 1))];
                Arrays.fill(minHops, Byte.MAX_VALUE);
            }
        }

        /** Clears the labels touched by the last search; {@code nodes} must be that search's. */
        void reset(int nodes) {
            for (int i = 0; i < touchedCount; i++) {
                int state = touched[i];
                width[state] = 0;
                minHops[state % nodes] = Byte.MAX_VALUE;
            }
            touchedCount = 0;
            work = 0;
            heap.clear();
        }

        /** Records a label unless one at least as wide exists; says whether it did. */
        boolean offer(int node, int hops, long w, int arc, int nodes) {
            int state = hops * nodes + node;
            if (w <= width[state]) {
                return false;
            }
            if (width[state] == 0) {
                if (touchedCount == touched.length) {
                    touched = Arrays.copyOf(touched, touchedCount * 2);
                }
                touched[touchedCount++] = state;
            }
            width[state] = w;
            parent[state] = arc;
            heap.push(w, hops, state);
            return true;
        }

        void settle(int node, int hops) {
            minHops[node] = (byte) hops;
        }
    }
}
