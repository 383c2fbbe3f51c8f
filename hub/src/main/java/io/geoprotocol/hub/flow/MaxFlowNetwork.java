package io.geoprotocol.hub.flow;

/**
 * Maximum flow by Dinic's algorithm, with the edge-level access that path decomposition and
 * minimum cuts need.
 */
public final class MaxFlowNetwork extends ResidualNetwork {

    public MaxFlowNetwork(int nodes) {
        super(nodes, 32);
    }

    /** Adds an edge and returns its id; its flow is read back with {@link #flow}. */
    public int addEdge(int from, int head, long capacity) {
        return link(from, head, capacity);
    }

    /** Maximum flow; the total saturates at Long.MAX_VALUE rather than overflow. */
    public long maxFlow(int source, int sink) {
        return saturate(source, sink);
    }

    public int edgeCount() {
        return edges;
    }

    public int head(int e) {
        return to[e];
    }

    public int tail(int e) {
        return to[e ^ 1];
    }

    public int firstEdge(int node) {
        return first[node];
    }

    public int nextEdge(int e) {
        return next[e];
    }

    /** Takes back flow from a forward edge while the caller decomposes the flow into paths. */
    public void unflow(int e, long amount) {
        cap[e] += amount;
        cap[e ^ 1] -= amount;
    }

    @Override
    boolean admissible(int e, int from) {
        return cap[e] > 0;
    }

    /** A reported maximum may be capped, so a sum past Long.MAX_VALUE stops there. */
    @Override
    long plus(long total, long amount) {
        return amount > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + amount;
    }
}
