package io.geoprotocol.hub.clearing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds debt cycles of length 3..{@code maxLength} over clearable edges, and plans greedy
 * clearing: each cycle found is cleared at once on a working copy, so overlapping cycles never
 * take an edge below zero.
 *
 * <p>Whole graph: every cycle is found once, from its first participant in an order that puts
 * the most connected participants first (they are then left out of later searches, which keeps
 * those small). A depth-first search extends a path only towards participants whose hop
 * distance back to the root still fits the length limit; clearing only removes edges, so the
 * distances stay valid lower bounds while the search clears.
 *
 * <p>Through touched edges: for each edge {@code a -> b} a payment changed, only cycles that
 * use it ({@code b -> ... -> a}); the work is bounded by {@code workBudget} edge inspections.
 *
 * <p>Instances are not thread-safe.
 */
public final class CycleFinder {

    public static final int DEFAULT_MAX_LENGTH = 6;
    public static final long DEFAULT_WORK_BUDGET = 50_000_000L;
    private static final int UNKNOWN = Integer.MAX_VALUE;

    private final int maxLength;
    private final long workBudget;

    public CycleFinder(int maxLength, long workBudget) {
        if (maxLength < 3 || maxLength > 64) {
            throw new IllegalArgumentException("maxLength must be in 3..64: " + maxLength);
        }
        if (workBudget <= 0) {
            throw new IllegalArgumentException("workBudget must be > 0");
        }
        this.maxLength = maxLength;
        this.workBudget = workBudget;
    }

    public CycleFinder(int maxLength) {
        this(maxLength, DEFAULT_WORK_BUDGET);
    }

    /** Up to {@code limit} distinct cycles of the whole graph, each with its smallest debt. */
    public List<DebtCycle> findCycles(DebtGraph graph, int limit) {
        Search search = new Search(graph, new DenseResidual(graph), false, limit);
        search.wholeGraph();
        return search.found;
    }

    /** Up to {@code limit} distinct cycles that use at least one of the touched edges. */
    public List<DebtCycle> findCyclesThrough(DebtGraph graph, Collection<DebtKey> touched, int limit) {
        Search search = new Search(graph, new SparseResidual(graph), false, limit);
        search.through(touched);
        return search.found;
    }

    /** Greedy clearing of the whole graph; the graph itself is not changed. */
    public ClearingPlan clearAll(DebtGraph graph) {
        Search search = new Search(graph, new DenseResidual(graph), true, Integer.MAX_VALUE);
        search.wholeGraph();
        return search.plan();
    }

    /** Greedy clearing of cycles through the touched edges; the graph itself is not changed. */
    public ClearingPlan clearThrough(DebtGraph graph, Collection<DebtKey> touched) {
        Search search = new Search(graph, new SparseResidual(graph), true, Integer.MAX_VALUE);
        search.through(touched);
        return search.plan();
    }

    /** Debts as the search sees them, after the cycles cleared so far. */
    private interface Residual {
        long get(int edge);

        void reduce(int edge, long by);
    }

    private static final class DenseResidual implements Residual {
        private final long[] amounts;

        DenseResidual(DebtGraph graph) {
            amounts = Arrays.copyOf(graph.amount, graph.edgeCount);
        }

        public long get(int edge) {
            return amounts[edge];
        }

        public void reduce(int edge, long by) {
            amounts[edge] -= by;
        }
    }

    /** Copy-on-touch view, for triggered clearing that reads few edges of a large graph. */
    private static final class SparseResidual implements Residual {
        private final DebtGraph graph;
        private final Map<Integer, Long> changed = new HashMap<>();

        SparseResidual(DebtGraph graph) {
            this.graph = graph;
        }

        public long get(int edge) {
            Long value = changed.get(edge);
            return value == null ? graph.amount[edge] : value;
        }

        public void reduce(int edge, long by) {
            changed.put(edge, get(edge) - by);
        }
    }

    /** One run of the depth-first search, with its scratch arrays. */
    private final class Search {

        private final DebtGraph graph;
        private final Residual residual;
        private final boolean clearing;
        private final int limit;
        private final List<DebtCycle> found = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final int[] distance;
        private final boolean[] onPath;
        private final int[] rank;
        private final int[] pathEdges = new int[maxLength + 1];
        private final int[] pathNodes = new int[maxLength + 1];
        private final int[] cursor = new int[maxLength + 1];
        private int[] touchedNodes = new int[256];
        private int touchedCount;
        private long work;
        private long removed;
        private int root;
        private boolean distancesKnown;

        Search(DebtGraph graph, Residual residual, boolean clearing, int limit) {
            this.graph = graph;
            this.residual = residual;
            this.clearing = clearing;
            this.limit = limit;
            distance = new int[graph.nodeCount];
            Arrays.fill(distance, UNKNOWN);
            onPath = new boolean[graph.nodeCount];
            rank = new int[graph.nodeCount];
        }

        ClearingPlan plan() {
            return new ClearingPlan(found, removed, work <= workBudget);
        }

        void wholeGraph() {
            Integer[] order = new Integer[graph.nodeCount];
            for (int v = 0; v < order.length; v++) {
                order[v] = v;
            }
            Arrays.sort(order, (x, y) -> Integer.compare(degree(y), degree(x)));
            for (int i = 0; i < order.length; i++) {
                rank[order[i]] = i;
            }
            for (int i = 0; i < order.length && !done(); i++) {
                root = order[i];
                distancesTo(root, -1, maxLength - 1, Long.MAX_VALUE);
                dfs(root, root, -1);
                resetDistances();
            }
        }

        void through(Collection<DebtKey> touched) {
            Arrays.fill(rank, 0);
            root = -1;
            for (DebtKey key : touched) {
                Integer edge = graph.edgeOf(key.debtor(), key.creditor());
                if (edge == null || done() || !usable(edge)) {
                    continue;
                }
                int debtor = graph.from[edge];
                int creditor = graph.to[edge];
                distancesTo(debtor, creditor, maxLength - 2, workBudget / 4);
                dfs(creditor, debtor, edge);
                resetDistances();
            }
        }

        private boolean done() {
            return work > workBudget || found.size() >= limit;
        }

        private int degree(int v) {
            return graph.outDegree[v] + graph.inDegree[v];
        }

        private boolean usable(int edge) {
            return graph.clearable[edge] && residual.get(edge) > 0;
        }

        /** Nodes a path may enter: later in the order than the root, or anyone in triggered mode. */
        private boolean admissible(int v) {
            return root < 0 || rank[v] > rank[root];
        }

        /** Backward breadth-first hop distances to {@code target}; gives up past {@code budget}. */
        private void distancesTo(int target, int excluded, int depth, long budget) {
            distance[target] = 0;
            touch(target);
            int head = 0;
            long spent = 0;
            distancesKnown = true;
            while (head < touchedCount) {
                int v = touchedNodes[head++];
                if (distance[v] >= depth || v == excluded) {
                    continue;
                }
                for (int k = 0; k < graph.inDegree[v]; k++) {
                    int edge = graph.in[v][k];
                    int w = graph.from[edge];
                    if (++spent > budget) {
                        distancesKnown = false;
                        work += spent;
                        return;
                    }
                    if (distance[w] == UNKNOWN && admissible(w) && usable(edge)) {
                        distance[w] = distance[v] + 1;
                        touch(w);
                    }
                }
            }
            work += spent;
        }

        private int distanceOf(int v) {
            if (distance[v] != UNKNOWN) {
                return distance[v];
            }
            return distancesKnown ? UNKNOWN : 1;
        }

        private void touch(int v) {
            if (touchedCount == touchedNodes.length) {
                touchedNodes = Arrays.copyOf(touchedNodes, touchedCount * 2);
            }
            touchedNodes[touchedCount++] = v;
        }

        private void resetDistances() {
            for (int i = 0; i < touchedCount; i++) {
                distance[touchedNodes[i]] = UNKNOWN;
            }
            touchedCount = 0;
        }

        /**
         * Paths from {@code start} back to {@code target}; {@code prefix} is the touched edge
         * {@code target -> start} in triggered mode, or -1 when start and target are the root.
         */
        private void dfs(int start, int target, int prefix) {
            int offset = prefix >= 0 ? 1 : 0;
            int depth = 0;
            pathNodes[0] = start;
            cursor[0] = 0;
            onPath[start] = true;
            onPath[target] = true;

            while (depth >= 0 && !done() && (prefix < 0 || usable(prefix))) {
                int u = pathNodes[depth];
                if (cursor[depth] == graph.outDegree[u]) {
                    if (depth > 0) {
                        onPath[u] = false;
                    }
                    depth--;
                    continue;
                }
                int edge = graph.out[u][cursor[depth]++];
                work++;
                if (!usable(edge)) {
                    continue;
                }
                int w = graph.to[edge];
                int length = offset + depth + 1;
                if (w == target) {
                    if (length >= 3 && length <= maxLength) {
                        depth = closeCycle(depth, edge, prefix);
                    }
                    continue;
                }
                int toTarget = distanceOf(w);
                if (onPath[w] || !admissible(w) || toTarget == UNKNOWN || length + toTarget > maxLength) {
                    continue;
                }
                pathEdges[depth] = edge;
                depth++;
                pathNodes[depth] = w;
                cursor[depth] = 0;
                onPath[w] = true;
            }

            for (int i = 1; i <= depth; i++) {
                onPath[pathNodes[i]] = false;
            }
            onPath[start] = false;
            onPath[target] = false;
        }

        /**
         * Records the cycle closed by {@code last}; when clearing, applies it and returns the
         * depth to resume from (the tail of the first edge it emptied), else the same depth.
         */
        private int closeCycle(int depth, int last, int prefix) {
            int count = 0;
            int[] edges = new int[depth + 2];
            if (prefix >= 0) {
                edges[count++] = prefix;
            }
            for (int i = 0; i < depth; i++) {
                edges[count++] = pathEdges[i];
            }
            edges[count++] = last;
            long amount = Long.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                amount = Math.min(amount, residual.get(edges[i]));
            }
            List<String> participants = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                participants.add(graph.pids[graph.from[edges[i]]]);
            }
            DebtCycle cycle = new DebtCycle(participants, amount);
            if (!clearing) {
                if (seen.add(canonical(participants))) {
                    found.add(cycle);
                }
                return depth;
            }
            found.add(cycle);
            removed = Math.addExact(removed, cycle.debtRemoved());
            for (int i = 0; i < count; i++) {
                residual.reduce(edges[i], amount);
            }
            for (int i = 0; i < depth; i++) {
                if (residual.get(pathEdges[i]) == 0) {
                    for (int k = depth; k > i; k--) {
                        onPath[pathNodes[k]] = false;
                    }
                    return i;
                }
            }
            return depth;
        }
    }

    /** Same string for every rotation of one cycle. */
    private static String canonical(List<String> participants) {
        int start = 0;
        for (int i = 1; i < participants.size(); i++) {
            if (participants.get(i).compareTo(participants.get(start)) < 0) {
                start = i;
            }
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < participants.size(); i++) {
            key.append(participants.get((start + i) % participants.size())).append('\u0000');
        }
        return key.toString();
    }
}
