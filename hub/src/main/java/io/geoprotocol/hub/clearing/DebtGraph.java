package io.geoprotocol.hub.clearing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The debts of one equivalent as a directed graph (debtor to creditor), with int-indexed
 * participants and growable adjacency in both directions. Not thread-safe: a clearing worker
 * owns it, or callers synchronize.
 */
public final class DebtGraph {

    private final Map<String, Integer> index = new HashMap<>();
    private final Map<Long, Integer> edgeIndex = new HashMap<>();
    String[] pids = new String[16];
    int[][] out = new int[16][];
    int[][] in = new int[16][];
    int[] outDegree = new int[16];
    int[] inDegree = new int[16];
    int nodeCount;

    int[] from = new int[32];
    int[] to = new int[32];
    long[] amount = new long[32];
    boolean[] clearable = new boolean[32];
    int edgeCount;

    public static DebtGraph of(Collection<DebtEdge> edges) {
        DebtGraph graph = new DebtGraph();
        for (DebtEdge edge : edges) {
            if (graph.debt(edge.debtor(), edge.creditor()) != 0) {
                throw new IllegalArgumentException("duplicate debt " + edge.debtor() + " -> " + edge.creditor());
            }
            graph.setDebt(edge.debtor(), edge.creditor(), edge.amount(), edge.clearable());
        }
        return graph;
    }

    /** Sets a debt and its clearability; zero leaves the edge in place but empty. */
    public void setDebt(String debtor, String creditor, long value, boolean isClearable) {
        DebtEdge checked = new DebtEdge(debtor, creditor, value, isClearable);
        int u = intern(checked.debtor());
        int v = intern(checked.creditor());
        Integer edge = edgeIndex.get(key(u, v));
        if (edge == null) {
            if (value == 0) {
                return;
            }
            edge = addEdge(u, v);
        }
        amount[edge] = value;
        clearable[edge] = isClearable;
    }

    public long debt(String debtor, String creditor) {
        Integer u = index.get(debtor);
        Integer v = index.get(creditor);
        if (u == null || v == null) {
            return 0;
        }
        Integer edge = edgeIndex.get(key(u, v));
        return edge == null ? 0 : amount[edge];
    }

    /** Reduces every debt of the cycle by its amount; refuses if any would go negative. */
    public void apply(DebtCycle cycle) {
        List<Integer> edges = new ArrayList<>();
        for (DebtKey key : cycle.edges()) {
            Integer edge = edgeOf(key.debtor(), key.creditor());
            if (edge == null || amount[edge] < cycle.amount()) {
                throw new IllegalStateException("cycle exceeds the debt " + key);
            }
            edges.add(edge);
        }
        for (int edge : edges) {
            amount[edge] -= cycle.amount();
        }
    }

    /** Positive debts, in insertion order. */
    public List<DebtEdge> edges() {
        List<DebtEdge> edges = new ArrayList<>();
        for (int e = 0; e < edgeCount; e++) {
            if (amount[e] > 0) {
                edges.add(new DebtEdge(pids[from[e]], pids[to[e]], amount[e], clearable[e]));
            }
        }
        return edges;
    }

    /** Net balance per participant: what others owe it minus what it owes; exact or it throws. */
    public Map<String, Long> netBalances() {
        long[] net = new long[nodeCount];
        for (int e = 0; e < edgeCount; e++) {
            net[to[e]] = Math.addExact(net[to[e]], amount[e]);
            net[from[e]] = Math.subtractExact(net[from[e]], amount[e]);
        }
        Map<String, Long> balances = new LinkedHashMap<>();
        for (int v = 0; v < nodeCount; v++) {
            balances.put(pids[v], net[v]);
        }
        return balances;
    }

    /** Sum of all debts; exact or it throws. */
    public long totalDebt() {
        long total = 0;
        for (int e = 0; e < edgeCount; e++) {
            total = Math.addExact(total, amount[e]);
        }
        return total;
    }

    public int participantCount() {
        return nodeCount;
    }

    public int debtCount() {
        int count = 0;
        for (int e = 0; e < edgeCount; e++) {
            if (amount[e] > 0) {
                count++;
            }
        }
        return count;
    }

    public DebtGraph copy() {
        return of(edges());
    }

    Integer edgeOf(String debtor, String creditor) {
        Integer u = index.get(debtor);
        Integer v = index.get(creditor);
        return u == null || v == null ? null : edgeIndex.get(key(u, v));
    }

    int indexOf(String pid) {
        Integer i = index.get(pid);
        return i == null ? -1 : i;
    }

    private int intern(String pid) {
        Integer existing = index.get(pid);
        if (existing != null) {
            return existing;
        }
        if (nodeCount == pids.length) {
            int size = nodeCount * 2;
            pids = Arrays.copyOf(pids, size);
            out = Arrays.copyOf(out, size);
            in = Arrays.copyOf(in, size);
            outDegree = Arrays.copyOf(outDegree, size);
            inDegree = Arrays.copyOf(inDegree, size);
        }
        int v = nodeCount++;
        pids[v] = pid;
        out[v] = new int[4];
        in[v] = new int[4];
        index.put(pid, v);
        return v;
    }

    private int addEdge(int u, int v) {
        if (edgeCount == from.length) {
            int size = edgeCount * 2;
            from = Arrays.copyOf(from, size);
            to = Arrays.copyOf(to, size);
            amount = Arrays.copyOf(amount, size);
            clearable = Arrays.copyOf(clearable, size);
        }
        int e = edgeCount++;
        from[e] = u;
        to[e] = v;
        edgeIndex.put(key(u, v), e);
        if (outDegree[u] == out[u].length) {
            out[u] = Arrays.copyOf(out[u], outDegree[u] * 2);
        }
        out[u][outDegree[u]++] = e;
        if (inDegree[v] == in[v].length) {
            in[v] = Arrays.copyOf(in[v], inDegree[v] * 2);
        }
        in[v][inDegree[v]++] = e;
        return e;
    }

    private static long key(int u, int v) {
        return ((long) u << 32) | v;
    }
}
