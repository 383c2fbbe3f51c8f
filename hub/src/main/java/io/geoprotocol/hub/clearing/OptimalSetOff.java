package io.geoprotocol.hub.clearing;

import io.geoprotocol.hub.flow.UnitCostFlow;
import java.util.ArrayList;
import java.util.List;

/**
 * The largest total debt removable without changing any net balance, over the clearable
 * debts.
 *
 * <p>Removing {@code f(e)} from each debt {@code d(e)} keeps every balance exactly when
 * {@code f} is a circulation, so the set-off is a maximum circulation under capacities
 * {@code d}. Solved in the equivalent form: keep {@code x(e) = d(e) - f(e)}, a flow that
 * moves each participant's net position on clearable debts from net debtors to net creditors,
 * with the least total {@code sum x(e)} (a minimum-cost flow with unit costs). Debts that may
 * not be cleared stay out of the network and are never changed.
 */
public final class OptimalSetOff {

    public SetOffResult compute(DebtGraph graph) {
        int n = graph.nodeCount;
        int source = n;
        int sink = n + 1;
        long[] net = new long[n];
        List<Integer> edges = new ArrayList<>();
        for (int e = 0; e < graph.edgeCount; e++) {
            if (graph.clearable[e] && graph.amount[e] > 0) {
                edges.add(e);
                net[graph.from[e]] = Math.addExact(net[graph.from[e]], graph.amount[e]);
                net[graph.to[e]] = Math.subtractExact(net[graph.to[e]], graph.amount[e]);
            }
        }

        UnitCostFlow flow = new UnitCostFlow(n + 2, edges.size() + n);
        int[] arcOf = new int[graph.edgeCount];
        for (int e : edges) {
            arcOf[e] = flow.addArc(graph.from[e], graph.to[e], graph.amount[e], 1);
        }
        long supply = 0;
        for (int v = 0; v < n; v++) {
            if (net[v] > 0) {
                flow.addArc(source, v, net[v], 0);
                supply = Math.addExact(supply, net[v]);
            } else if (net[v] < 0) {
                flow.addArc(v, sink, -net[v], 0);
            }
        }
        long sent = flow.run(source, sink);
        if (sent != supply) {
            throw new IllegalStateException("keeping the debts as they are must be feasible");
        }

        long[] removed = new long[graph.edgeCount];
        List<Reduction> reductions = new ArrayList<>();
        long total = 0;
        for (int e : edges) {
            long kept = flow.flow(arcOf[e]);
            removed[e] = graph.amount[e] - kept;
            if (removed[e] > 0) {
                reductions.add(new Reduction(graph.pids[graph.from[e]], graph.pids[graph.to[e]],
                        graph.amount[e], kept));
                total = Math.addExact(total, removed[e]);
            }
        }
        return new SetOffResult(reductions, total, cycles(graph, removed));
    }

    /**
     * Splits the removed amounts (a circulation) into cycles: follow removed edges until a
     * participant repeats, take that loop out at its smallest amount, and go on from there.
     */
    private static List<DebtCycle> cycles(DebtGraph graph, long[] removed) {
        int n = graph.nodeCount;
        int[] cursor = new int[n];
        int[] position = new int[n];
        java.util.Arrays.fill(position, -1);
        int[] pathNodes = new int[n + 1];
        int[] pathEdges = new int[n + 1];
        List<DebtCycle> cycles = new ArrayList<>();

        for (int start = 0; start < n; start++) {
            int depth = 0;
            pathNodes[0] = start;
            position[start] = 0;
            while (depth >= 0) {
                int u = pathNodes[depth];
                int edge = nextRemoved(graph, removed, cursor, u);
                if (edge < 0) {
                    position[u] = -1;
                    depth--;
                    continue;
                }
                int w = graph.to[edge];
                pathEdges[depth] = edge;
                if (position[w] < 0) {
                    depth++;
                    pathNodes[depth] = w;
                    position[w] = depth;
                    continue;
                }
                int from = position[w];
                long amount = Long.MAX_VALUE;
                for (int i = from; i <= depth; i++) {
                    amount = Math.min(amount, removed[pathEdges[i]]);
                }
                List<String> participants = new ArrayList<>(depth - from + 1);
                for (int i = from; i <= depth; i++) {
                    participants.add(graph.pids[pathNodes[i]]);
                    removed[pathEdges[i]] -= amount;
                }
                cycles.add(new DebtCycle(participants, amount));
                for (int i = from + 1; i <= depth; i++) {
                    position[pathNodes[i]] = -1;
                }
                depth = from;
            }
        }
        return cycles;
    }

    private static int nextRemoved(DebtGraph graph, long[] removed, int[] cursor, int u) {
        while (cursor[u] < graph.outDegree[u]) {
            int edge = graph.out[u][cursor[u]];
            if (removed[edge] > 0) {
                return edge;
            }
            cursor[u]++;
        }
        return -1;
    }
}
