package io.geoprotocol.hub.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitCostFlowTest {

    @Test
    void refusesToOverflow() {
        UnitCostFlow flow = new UnitCostFlow(2, 2);
        flow.addArc(0, 1, Long.MAX_VALUE, 0);
        flow.addArc(0, 1, Long.MAX_VALUE, 0);

        assertThatThrownBy(() -> flow.run(0, 1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void takesTheFreeDetourBeforeTheCostlyShortcut() {
        // By hop count the shortcut a-t comes first; by cost the detour over b does.
        UnitCostFlow flow = new UnitCostFlow(4, 4);
        flow.addArc(0, 1, 5, 0);
        int shortcut = flow.addArc(1, 3, 5, 1);
        int detour = flow.addArc(1, 2, 3, 0);
        flow.addArc(2, 3, 3, 0);

        assertThat(flow.run(0, 3)).isEqualTo(5);

        assertThat(flow.flow(detour)).isEqualTo(3);
        assertThat(flow.flow(shortcut)).isEqualTo(2);
    }

    @Test
    void takesTheFirstUnitBackOverTheTwinOfAnArc() {
        // The only free path, s-a-b-t, takes the first unit; the second gets through only by
        // going s-b (cost 1), back over the twin of a-b, and a-t (cost 1).
        UnitCostFlow flow = new UnitCostFlow(4, 5);
        int sa = flow.addArc(0, 1, 1, 0);
        int ab = flow.addArc(1, 2, 1, 0);
        int bt = flow.addArc(2, 3, 1, 0);
        int sb = flow.addArc(0, 2, 1, 1);
        int at = flow.addArc(1, 3, 1, 1);

        assertThat(flow.run(0, 3)).isEqualTo(2);

        assertThat(flow.flow(ab)).isZero();
        assertThat(new long[] {flow.flow(sa), flow.flow(sb), flow.flow(at), flow.flow(bt)})
                .containsOnly(1);
    }

    @Test
    void costsOfArcsAddedBeforeTheArraysGrewStillCount() {
        // The costly shortcut is added first, then enough padding arcs (on nodes apart from
        // source and sink) to grow the arrays several times, then the free detour.
        int padding = 200;
        UnitCostFlow flow = new UnitCostFlow(6, 1);
        flow.addArc(0, 1, 5, 0);
        int shortcut = flow.addArc(1, 3, 5, 1);
        for (int i = 0; i < padding; i++) {
            flow.addArc(4, 5, 1, i % 2);
        }
        int detour = flow.addArc(1, 2, 3, 0);
        flow.addArc(2, 3, 3, 0);

        assertThat(flow.run(0, 3)).isEqualTo(5);

        assertThat(flow.flow(detour)).isEqualTo(3);
        assertThat(flow.flow(shortcut)).isEqualTo(2);
    }
}
