package io.geoprotocol.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MaxFlowTest {

    private static CreditGraph diamond() {
        CreditGraph graph = new CreditGraph("UAH");
        graph.upsertLine("B", "A", 100);
        graph.upsertLine("C", "B", 30);
        graph.upsertLine("D", "C", 100);
        graph.upsertLine("E", "A", 20);
        graph.upsertLine("D", "E", 50);
        return graph;
    }

    @Test
    void addsUpParallelPathsAndNamesTheSaturatedHops() {
        MaxFlowResult result = new MaxFlow(diamond()).compute("A", "D", RouteConstraints.DEFAULT);

        assertThat(result.maxAmount()).isEqualTo(50);
        assertThat(result.exact()).isTrue();
        assertThat(result.paths()).containsExactlyInAnyOrder(
                new Route(List.of("A", "B", "C", "D"), 30), new Route(List.of("A", "E", "D"), 20));
        assertThat(result.bottlenecks()).containsExactlyInAnyOrder(
                new Bottleneck("B", "C", 30, 0, 30), new Bottleneck("A", "E", 20, 0, 20));
    }

    @Test
    void bottleneckShowsWhatDebtsAndReservationsAlreadyUse() {
        CreditGraph graph = diamond();
        graph.setDebt("B", "C", 10);
        graph.addReservation("B", "C", 5);

        MaxFlowResult result = new MaxFlow(graph).compute("A", "D", RouteConstraints.DEFAULT);

        assertThat(result.maxAmount()).isEqualTo(35);
        assertThat(result.bottlenecks()).contains(new Bottleneck("B", "C", 30, 15, 15));
    }

    @Test
    void hopLimitExcludesLongerPaths() {
        MaxFlowResult result = new MaxFlow(diamond()).compute("A", "D", RouteConstraints.DEFAULT.withMaxHops(2));

        assertThat(result.maxAmount()).isEqualTo(20);
        assertThat(result.paths()).containsExactly(new Route(List.of("A", "E", "D"), 20));
    }

    @Test
    void avoidedParticipantsCarryNoFlow() {
        RouteConstraints avoidE = RouteConstraints.DEFAULT.withAvoid(java.util.Set.of("E"));

        MaxFlowResult result = new MaxFlow(diamond()).compute("A", "D", avoidE);

        assertThat(result.maxAmount()).isEqualTo(30);
        assertThat(result.paths()).containsExactly(new Route(List.of("A", "B", "C", "D"), 30));
    }

    @Test
    void capacityCheckAnswersForAConcreteAmount() {
        MaxFlow maxFlow = new MaxFlow(diamond());

        assertThat(maxFlow.capacity("A", "D", 40, RouteConstraints.DEFAULT))
                .isEqualTo(new CapacityCheck(true, 50, 2, 3));
        assertThat(maxFlow.capacity("A", "D", 60, RouteConstraints.DEFAULT))
                .isEqualTo(new CapacityCheck(false, 50, 0, 0));
    }

    @Test
    void unknownOrSuspendedEndpointsHaveNoFlow() {
        CreditGraph graph = diamond();
        graph.setParticipantActive("D", false);

        assertThat(new MaxFlow(graph).compute("A", "D", RouteConstraints.DEFAULT).maxAmount()).isZero();
        assertThat(new MaxFlow(graph).compute("A", "Z", RouteConstraints.DEFAULT).maxAmount()).isZero();
    }

    @Property(tries = 300)
    void withoutAHopLimitMaxFlowEqualsTheBruteForceMinimumCut(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 7) int nodes) {
        RandomCommunity community = new RandomCommunity(seed, nodes, 0.45, false);
        String payer = community.pids.get(0);
        String payee = community.pids.get(nodes - 1);

        MaxFlowResult result = new MaxFlow(community.graph)
                .compute(payer, payee, RouteConstraints.DEFAULT.withMaxHops(nodes));

        assertThat(result.exact()).isTrue();
        assertThat(result.maxAmount()).isEqualTo(bruteForceMinCut(community, nodes));
        assertFeasible(community, result, nodes, Set.of());
    }

    @Property(tries = 300)
    void hopLimitedFlowIsFeasibleBoundedAndAtLeastTheWidestPath(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 7) int nodes,
            @ForAll @IntRange(min = 1, max = 4) int maxHops) {
        RandomCommunity community = new RandomCommunity(seed, nodes, 0.45, true);
        String payer = community.pids.get(0);
        String payee = community.pids.get(nodes - 1);
        RouteConstraints constraints = RouteConstraints.DEFAULT.withMaxHops(maxHops);
        long widest = community.allowedPaths(payer, payee, maxHops, Set.of()).stream()
                .mapToLong(community::bottleneck).max().orElse(0);

        MaxFlowResult result = new MaxFlow(community.graph).compute(payer, payee, constraints);

        assertFeasible(community, result, maxHops, Set.of());
        assertThat(result.maxAmount()).isGreaterThanOrEqualTo(widest);
        assertThat(result.maxAmount()).isLessThanOrEqualTo(result.upperBound());
        assertThat(result.exact()).isEqualTo(result.maxAmount() == result.upperBound());
    }

    private static void assertFeasible(RandomCommunity community, MaxFlowResult result, int maxHops,
                                       Set<String> avoid) {
        Map<String, Long> perHop = new HashMap<>();
        long sum = 0;
        for (Route route : result.paths()) {
            assertThat(route.hops()).isLessThanOrEqualTo(maxHops);
            assertThat(community.pathAllowed(route.path(), avoid)).isTrue();
            sum += route.amount();
            for (int i = 0; i < route.hops(); i++) {
                perHop.merge(route.path().get(i) + ">" + route.path().get(i + 1), route.amount(), Long::sum);
            }
        }
        assertThat(sum).isEqualTo(result.maxAmount());
        perHop.forEach((hop, used) -> {
            String[] ends = hop.split(">");
            assertThat(used).isLessThanOrEqualTo(community.graph.hopCapacity(ends[0], ends[1]));
        });
    }

    /** Smallest total capacity of hops leaving a set that holds the payer but not the payee. */
    private static long bruteForceMinCut(RandomCommunity community, int nodes) {
        long best = Long.MAX_VALUE;
        for (int mask = 0; mask < 1 << (nodes - 2); mask++) {
            boolean[] inside = new boolean[nodes];
            inside[0] = true;
            for (int i = 1; i < nodes - 1; i++) {
                inside[i] = (mask >> (i - 1) & 1) == 1;
            }
            long cut = 0;
            for (int u = 0; u < nodes; u++) {
                for (int v = 0; v < nodes; v++) {
                    if (inside[u] && !inside[v]) {
                        cut += community.graph.hopCapacity(community.pids.get(u), community.pids.get(v));
                    }
                }
            }
            best = Math.min(best, cut);
        }
        return best;
    }
}
