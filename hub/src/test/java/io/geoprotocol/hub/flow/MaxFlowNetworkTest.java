package io.geoprotocol.hub.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaxFlowNetworkTest {

    @Test
    void maxFlowOfTheTextbookNetworkIsTwentyThreeAndItsMinCutIsSaturated() {
        MaxFlowNetwork network = new MaxFlowNetwork(6);
        network.addEdge(0, 1, 16);
        network.addEdge(0, 2, 13);
        network.addEdge(2, 1, 4);
        int v1v3 = network.addEdge(1, 3, 12);
        network.addEdge(3, 2, 9);
        network.addEdge(2, 4, 14);
        int v4v3 = network.addEdge(4, 3, 7);
        network.addEdge(3, 5, 20);
        int v4t = network.addEdge(4, 5, 4);

        assertThat(network.maxFlow(0, 5)).isEqualTo(23);

        assertThat(network.reachable(0)).containsExactly(true, true, true, false, true, false);
        assertThat(network.flow(v1v3)).isEqualTo(12);
        assertThat(network.flow(v4v3)).isEqualTo(7);
        assertThat(network.flow(v4t)).isEqualTo(4);
    }

    @Test
    void laterPhaseCancelsFlowOverTheTwinOfAShortPathEdge() {
        // The first level graph sends one unit over the short path s-a-b-t; the second unit
        // only gets through by taking that unit back from a-b (s-c-e-b, back to a, a-d-f-t).
        int s = 0;
        int a = 1;
        int b = 2;
        int c = 3;
        int e = 4;
        int d = 5;
        int f = 6;
        int t = 7;
        MaxFlowNetwork network = new MaxFlowNetwork(8);
        network.addEdge(s, a, 1);
        int ab = network.addEdge(a, b, 1);
        network.addEdge(b, t, 1);
        network.addEdge(s, c, 1);
        network.addEdge(c, e, 1);
        int eb = network.addEdge(e, b, 1);
        int ad = network.addEdge(a, d, 1);
        network.addEdge(d, f, 1);
        network.addEdge(f, t, 1);

        assertThat(network.maxFlow(s, t)).isEqualTo(2);

        assertThat(network.flow(ab)).isZero();
        assertThat(network.flow(eb)).isEqualTo(1);
        assertThat(network.flow(ad)).isEqualTo(1);
    }

    @Test
    void edgesAddedPastTheInitialArraysKeepTheirFlows() {
        int paths = 200;
        int sink = paths + 1;
        MaxFlowNetwork network = new MaxFlowNetwork(paths + 2);
        int[] out = new int[paths + 1];
        for (int i = 1; i <= paths; i++) {
            out[i] = network.addEdge(0, i, i);
            network.addEdge(i, sink, 1_000);
        }

        assertThat(network.edgeCount()).isEqualTo(4 * paths);
        assertThat(network.maxFlow(0, sink)).isEqualTo(paths * (paths + 1) / 2);
        assertThat(network.flow(out[1])).isEqualTo(1);
        assertThat(network.flow(out[paths])).isEqualTo(paths);
    }

    @Test
    void unflowHandsCapacityBackToTheEdge() {
        MaxFlowNetwork network = new MaxFlowNetwork(2);
        int edge = network.addEdge(0, 1, 10);
        network.maxFlow(0, 1);

        network.unflow(edge, 4);

        assertThat(network.flow(edge)).isEqualTo(6);
        assertThat(network.residual(edge)).isEqualTo(4);
        assertThat(network.residual(edge ^ 1)).isEqualTo(6);
    }

    @Test
    void maxFlowSaturatesAtTheLargestLong() {
        MaxFlowNetwork network = new MaxFlowNetwork(2);
        network.addEdge(0, 1, Long.MAX_VALUE);
        network.addEdge(0, 1, Long.MAX_VALUE);

        assertThat(network.maxFlow(0, 1)).isEqualTo(Long.MAX_VALUE);
    }
}
