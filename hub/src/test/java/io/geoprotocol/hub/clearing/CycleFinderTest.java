package io.geoprotocol.hub.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CycleFinderTest {

    private static DebtEdge debt(String debtor, String creditor, long amount) {
        return new DebtEdge(debtor, creditor, amount, true);
    }

    @Test
    void clearsATriangleByItsSmallestDebt() {
        DebtGraph graph = DebtGraph.of(List.of(debt("A", "B", 10), debt("B", "C", 5), debt("C", "A", 7)));

        ClearingPlan plan = new CycleFinder(6).clearAll(graph);

        assertThat(plan.cycles()).hasSize(1);
        assertThat(plan.cycles().get(0).amount()).isEqualTo(5);
        assertThat(plan.cycles().get(0).edges()).hasSize(3);
        assertThat(plan.totalRemoved()).isEqualTo(15);
        assertThat(plan.complete()).isTrue();
        assertBalancesKeptAfter(graph, plan);
    }

    @Test
    void leavesACycleAloneWhenOneLineRefusesAutoClearing() {
        DebtGraph graph = DebtGraph.of(List.of(
                debt("A", "B", 10), new DebtEdge("B", "C", 5, false), debt("C", "A", 7)));

        assertThat(new CycleFinder(6).clearAll(graph).cycles()).isEmpty();
        assertThat(new CycleFinder(6).findCycles(graph, 100)).isEmpty();
    }

    @Test
    void leavesCyclesLongerThanTheMaximumAlone() {
        DebtGraph square = DebtGraph.of(List.of(
                debt("A", "B", 4), debt("B", "C", 4), debt("C", "D", 4), debt("D", "A", 4)));

        assertThat(new CycleFinder(3).clearAll(square).cycles()).isEmpty();
        assertThat(new CycleFinder(4).clearAll(square).totalRemoved()).isEqualTo(16);
    }

    @Test
    void ignoresMutualDebtsBetweenTwoParticipants() {
        DebtGraph pair = DebtGraph.of(List.of(debt("A", "B", 4), debt("B", "A", 3)));

        assertThat(new CycleFinder(6).findCycles(pair, 10)).isEmpty();
    }

    @Test
    void overlappingCyclesNeverClearMoreThanTheSharedDebt() {
        DebtGraph graph = DebtGraph.of(List.of(
                debt("A", "B", 10), debt("B", "C", 8), debt("C", "A", 8), debt("B", "D", 8), debt("D", "A", 8)));

        ClearingPlan plan = new CycleFinder(6).clearAll(graph);

        assertThat(plan.cycles()).extracting(DebtCycle::amount).containsExactlyInAnyOrder(8L, 2L);
        assertThat(plan.totalRemoved()).isEqualTo(30);
        DebtGraph after = assertBalancesKeptAfter(graph, plan);
        assertThat(after.debt("A", "B")).isZero();
    }

    @Test
    void listsEachCycleOnceWithItsSmallestDebt() {
        DebtGraph graph = DebtGraph.of(List.of(
                debt("A", "B", 10), debt("B", "C", 8), debt("C", "A", 3), debt("B", "D", 8), debt("D", "A", 6)));

        List<DebtCycle> cycles = new CycleFinder(6).findCycles(graph, 100);

        assertThat(cycles).extracting(DebtCycle::amount).containsExactlyInAnyOrder(3L, 6L);
        assertThat(new CycleFinder(6).findCycles(graph, 1)).hasSize(1);
    }

    @Test
    void triggeredClearingOnlyTouchesCyclesThroughTheChangedEdge() {
        DebtGraph graph = DebtGraph.of(List.of(
                debt("A", "B", 5), debt("B", "C", 5), debt("C", "A", 5),
                debt("X", "Y", 5), debt("Y", "Z", 5), debt("Z", "X", 5)));

        ClearingPlan plan = new CycleFinder(6).clearThrough(graph, List.of(new DebtKey("Y", "Z")));

        assertThat(plan.cycles()).hasSize(1);
        assertThat(plan.cycles().get(0).participants()).containsExactlyInAnyOrder("X", "Y", "Z");
        assertThat(new CycleFinder(6).findCyclesThrough(graph, List.of(new DebtKey("B", "C")), 10))
                .extracting(DebtCycle::participants)
                .containsExactly(List.of("B", "C", "A"));
    }

    @Test
    void triggeredClearingSkipsUnknownOrEmptyEdges() {
        DebtGraph graph = DebtGraph.of(List.of(debt("A", "B", 5), debt("B", "C", 5), debt("C", "A", 5)));

        ClearingPlan plan = new CycleFinder(6).clearThrough(graph, List.of(new DebtKey("Q", "A"),
                new DebtKey("B", "A")));

        assertThat(plan.cycles()).isEmpty();
    }

    @Test
    void stopsAtTheWorkBudgetAndSaysSo() {
        DebtGraph graph = DebtGraph.of(List.of(debt("A", "B", 5), debt("B", "C", 5), debt("C", "A", 5)));

        ClearingPlan plan = new CycleFinder(6, 1).clearAll(graph);

        assertThat(plan.complete()).isFalse();
    }

    static DebtGraph assertBalancesKeptAfter(DebtGraph graph, ClearingPlan plan) {
        DebtGraph after = graph.copy();
        for (DebtCycle cycle : plan.cycles()) {
            after.apply(cycle);
        }
        assertThat(after.netBalances()).isEqualTo(graph.netBalances());
        assertThat(graph.totalDebt() - after.totalDebt()).isEqualTo(plan.totalRemoved());
        return after;
    }
}
