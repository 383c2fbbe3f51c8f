package io.geoprotocol.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Payments on the chain A - B - C - D where B trusts A, C trusts B and D trusts C, so money
 * flows A -> B -> C -> D on credit, and back only by offsetting debts.
 */
class RouterChainScenariosTest {

    private CreditGraph graph;
    private Router router;

    @BeforeEach
    void chain() {
        graph = new CreditGraph("UAH");
        graph.upsertLine("B", "A", 100);
        graph.upsertLine("C", "B", 100);
        graph.upsertLine("D", "C", 100);
        router = new Router(graph);
    }

    @Test
    void paysAlongTheChainInOneRoute() {
        RoutePlan plan = found(router.route("A", "D", 50, RouteConstraints.DEFAULT));

        assertThat(plan.routes()).containsExactly(new Route(List.of("A", "B", "C", "D"), 50));
    }

    @Test
    void reportsInsufficientCapacityWithTheReachableAmount() {
        RouteResult result = router.route("A", "D", 150, RouteConstraints.DEFAULT);

        assertThat(result).isEqualTo(new RouteResult.Failed(RouteFailure.INSUFFICIENT_CAPACITY, 100));
    }

    @Test
    void reportsInsufficientCapacityWhenAllLinesAreUsedUp() {
        graph.setDebt("B", "C", 100);

        RouteResult result = router.route("A", "D", 10, RouteConstraints.DEFAULT);

        assertThat(result).isEqualTo(new RouteResult.Failed(RouteFailure.INSUFFICIENT_CAPACITY, 0));
    }

    @Test
    void reportsNoRouteAgainstTheDirectionOfTrust() {
        RouteResult result = router.route("D", "A", 10, RouteConstraints.DEFAULT);

        assertThat(result).isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
    }

    @Test
    void reportsNoRouteBeyondTheHopLimit() {
        RouteResult result = router.route("A", "D", 10, RouteConstraints.DEFAULT.withMaxHops(2));

        assertThat(result).isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
    }

    @Test
    void paysBackwardsOnlyByOffsettingExistingDebts() {
        graph.setDebt("A", "B", 30);
        graph.setDebt("B", "C", 30);
        graph.setDebt("C", "D", 30);

        RoutePlan plan = found(router.route("D", "C", 30, RouteConstraints.DEFAULT));
        RouteResult tooMuch = router.route("D", "A", 31, RouteConstraints.DEFAULT);

        assertThat(plan.routes()).containsExactly(new Route(List.of("D", "C"), 30));
        assertThat(found(router.route("D", "A", 30, RouteConstraints.DEFAULT)).routes())
                .containsExactly(new Route(List.of("D", "C", "B", "A"), 30));
        assertThat(tooMuch).isEqualTo(new RouteResult.Failed(RouteFailure.INSUFFICIENT_CAPACITY, 30));
    }

    @Test
    void offsettingAddsToTheCreditOfALineInTheOtherDirection() {
        graph.upsertLine("A", "B", 20);
        graph.setDebt("A", "B", 0);
        graph.setDebt("B", "A", 15);

        assertThat(graph.hopCapacity("A", "B")).isEqualTo(100 + 15);
        assertThat(graph.hopCapacity("B", "A")).isEqualTo(20 - 15);
    }

    @Test
    void splitsOverSeveralPathsWidestFirst() {
        graph.upsertLine("E", "A", 40);
        graph.upsertLine("D", "E", 40);
        graph.upsertLine("B", "A", 30);

        RoutePlan plan = found(router.route("A", "D", 60, RouteConstraints.DEFAULT));

        assertThat(plan.routes()).containsExactly(
                new Route(List.of("A", "E", "D"), 40),
                new Route(List.of("A", "B", "C", "D"), 20));
        assertThat(router.route("A", "D", 60, RouteConstraints.DEFAULT.withMaxPaths(1)))
                .isEqualTo(new RouteResult.Failed(RouteFailure.INSUFFICIENT_CAPACITY, 40));
    }

    @Test
    void neverRoutesThroughAvoidedParticipants() {
        graph.upsertLine("E", "A", 40);
        graph.upsertLine("D", "E", 40);
        RouteConstraints avoidE = RouteConstraints.DEFAULT.withAvoid(Set.of("E"));

        RoutePlan plan = found(router.route("A", "D", 50, avoidE));
        RouteResult avoidBoth = router.route("A", "D", 50, avoidE.withAvoid(Set.of("E", "C")));

        assertThat(plan.routes()).containsExactly(new Route(List.of("A", "B", "C", "D"), 50));
        assertThat(avoidBoth).isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
    }

    @Test
    void refusesRoutesThroughParticipantsBlockedByAnOwnerOfAUsedLine() {
        graph.upsertLine("D", "C", 100, new LinePolicy(true, true, Set.of("B")), LineStatus.ACTIVE);

        assertThat(router.route("A", "D", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
        assertThat(found(router.route("B", "D", 10, RouteConstraints.DEFAULT)).routes())
                .containsExactly(new Route(List.of("B", "C", "D"), 10));
    }

    @Test
    void findsADetourAroundABlockedParticipant() {
        graph.upsertLine("D", "C", 100, new LinePolicy(true, true, Set.of("B")), LineStatus.ACTIVE);
        graph.upsertLine("E", "A", 10);
        graph.upsertLine("C", "E", 10);

        RoutePlan plan = found(router.route("A", "D", 10, RouteConstraints.DEFAULT));

        assertThat(plan.routes()).containsExactly(new Route(List.of("A", "E", "C", "D"), 10));
    }

    @Test
    void lineThatMayNotBeIntermediateServesOnlyPaymentsToItsOwner() {
        graph.upsertLine("C", "B", 100, new LinePolicy(true, false, Set.of()), LineStatus.ACTIVE);

        assertThat(router.route("A", "D", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
        assertThat(found(router.route("A", "C", 10, RouteConstraints.DEFAULT)).routes())
                .containsExactly(new Route(List.of("A", "B", "C"), 10));
    }

    @Test
    void suspendedParticipantIsNeverRoutedThroughToOrFrom() {
        graph.setParticipantActive("C", false);

        assertThat(router.route("A", "D", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
        assertThat(router.route("A", "C", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.PARTICIPANT_INACTIVE, 0));
        assertThat(router.route("C", "D", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.PARTICIPANT_INACTIVE, 0));

        graph.setParticipantActive("C", true);
        assertThat(router.route("A", "D", 10, RouteConstraints.DEFAULT)).isInstanceOf(RouteResult.Found.class);
    }

    @Test
    void frozenLineGivesNoCreditAndItsDebtCannotBeOffset() {
        graph.setDebt("C", "D", 20);
        graph.upsertLine("D", "C", 100, LinePolicy.DEFAULT, LineStatus.FROZEN);

        assertThat(graph.hopCapacity("C", "D")).isZero();
        assertThat(graph.hopCapacity("D", "C")).isZero();
        assertThat(router.route("A", "D", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
    }

    @Test
    void reservationsInFlightCountAsUsed() {
        graph.addReservation("B", "C", 70);

        assertThat(router.route("A", "D", 40, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.INSUFFICIENT_CAPACITY, 30));

        graph.releaseReservation("B", "C", 70);
        assertThat(found(router.route("A", "D", 40, RouteConstraints.DEFAULT)).total()).isEqualTo(40);
    }

    @Test
    void closedLineIsGoneFromRouting() {
        graph.removeLine("C", "B");

        assertThat(router.route("A", "D", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
        assertThat(graph.lineCount()).isEqualTo(2);
    }

    @Test
    void unknownParticipantsHaveNoRoute() {
        assertThat(router.route("A", "Z", 10, RouteConstraints.DEFAULT))
                .isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
    }

    @Test
    void rejectsNonPositiveAmountsAndSelfPayments() {
        assertThatThrownBy(() -> router.route("A", "D", 0, RouteConstraints.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> router.route("A", "A", 5, RouteConstraints.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void releasingMoreThanReservedIsRefused() {
        graph.addReservation("A", "B", 5);

        assertThatThrownBy(() -> graph.releaseReservation("A", "B", 6)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyMutationBumpsTheVersion() {
        long before = graph.version();

        graph.setDebt("A", "B", 5);
        graph.addReservation("A", "B", 1);
        graph.setParticipantActive("A", true);

        assertThat(graph.version()).isEqualTo(before + 3);
    }

    static RoutePlan found(RouteResult result) {
        assertThat(result).isInstanceOf(RouteResult.Found.class);
        return ((RouteResult.Found) result).plan();
    }
}
