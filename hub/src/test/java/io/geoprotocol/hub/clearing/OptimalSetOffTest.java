package io.geoprotocol.hub.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptimalSetOffTest {

    private static DebtEdge debt(String debtor, String creditor, long amount) {
        return new DebtEdge(debtor, creditor, amount, true);
    }

    @Test
    void removesATriangleCompletelyDownToItsSmallestDebt() {
        DebtGraph graph = DebtGraph.of(List.of(debt("A", "B", 10), debt("B", "C", 5), debt("C", "A", 7)));

        SetOffResult result = new OptimalSetOff().compute(graph);

        assertThat(result.totalRemoved()).isEqualTo(15);
        assertThat(result.reductions()).containsExactlyInAnyOrder(
                new Reduction("A", "B", 10, 5), new Reduction("B", "C", 5, 0), new Reduction("C", "A", 7, 2));
        assertThat(result.cycles()).containsExactly(new DebtCycle(List.of("A", "B", "C"), 5));
    }

    @Test
    void beatsGreedyCyclesWhenOneShortCycleBlocksTwoLongerOnes() {
        DebtGraph graph = DebtGraph.of(List.of(
                debt("A", "B", 1), debt("B", "A", 1),
                debt("A", "C", 1), debt("C", "D", 1), debt("D", "B", 1),
                debt("B", "E", 1), debt("E", "F", 1), debt("F", "A", 1)));

        SetOffResult optimal = new OptimalSetOff().compute(graph);

        assertThat(optimal.totalRemoved()).isEqualTo(8);
        assertThat(optimal.cycles()).extracting(DebtCycle::length).contains(6);
    }

    @Test
    void neverTouchesDebtsThatMayNotBeCleared() {
        DebtGraph graph = DebtGraph.of(List.of(
                debt("A", "B", 10), new DebtEdge("B", "C", 5, false), debt("C", "A", 7)));

        assertThat(new OptimalSetOff().compute(graph).totalRemoved()).isZero();
    }

    @Test
    void setsOffMutualDebtsOfAPair() {
        DebtGraph graph = DebtGraph.of(List.of(debt("A", "B", 4), debt("B", "A", 3)));

        SetOffResult result = new OptimalSetOff().compute(graph);

        assertThat(result.totalRemoved()).isEqualTo(6);
        assertThat(result.cycles()).containsExactly(new DebtCycle(List.of("A", "B"), 3));
    }

    @Test
    void handlesAmountsNearTheLongRangeExactly() {
        long big = Long.MAX_VALUE / 4;
        DebtGraph graph = DebtGraph.of(List.of(debt("A", "B", big), debt("B", "C", big - 1), debt("C", "A", big)));

        SetOffResult result = new OptimalSetOff().compute(graph);

        assertThat(result.totalRemoved()).isEqualTo(3 * (big - 1));
    }
}
