package io.geoprotocol.hub.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ClearingPropertiesTest {

    /** Random debts among {@code nodes} participants; about one in six is not clearable. */
    static DebtGraph randomDebts(long seed, int nodes, double density, int maxDebt) {
        Random random = new Random(seed);
        List<DebtEdge> edges = new ArrayList<>();
        for (int u = 0; u < nodes; u++) {
            for (int v = 0; v < nodes; v++) {
                if (u != v && random.nextDouble() < density) {
                    edges.add(new DebtEdge("P" + u, "P" + v, 1 + random.nextInt(maxDebt), random.nextInt(6) != 0));
                }
            }
        }
        return DebtGraph.of(edges);
    }

    @Property(tries = 300)
    void greedyCycleClearingKeepsBalancesAndLeavesNoClearableCycle(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 8) int nodes,
            @ForAll @IntRange(min = 3, max = 6) int maxLength) {
        DebtGraph graph = randomDebts(seed, nodes, 0.45, 20);
        CycleFinder finder = new CycleFinder(maxLength);

        ClearingPlan plan = finder.clearAll(graph);

        DebtGraph after = CycleFinderTest.assertBalancesKeptAfter(graph, plan);
        assertNoDebtGrewAndBlockedDebtsStayed(graph, after);
        assertThat(plan.cycles()).allSatisfy(c -> assertThat(c.length()).isBetween(3, maxLength));
        assertThat(finder.findCycles(after, 1)).isEmpty();
    }

    @Property(tries = 300)
    void listedCyclesAreExactlyTheSimpleClearableCyclesWithinTheLength(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 6) int nodes,
            @ForAll @IntRange(min = 3, max = 6) int maxLength) {
        DebtGraph graph = randomDebts(seed, nodes, 0.5, 9);

        List<DebtCycle> listed = new CycleFinder(maxLength).findCycles(graph, Integer.MAX_VALUE);

        Set<Set<DebtKey>> expected = bruteForceCycles(graph, nodes, maxLength);
        Set<Set<DebtKey>> actual = new HashSet<>();
        for (DebtCycle cycle : listed) {
            actual.add(new HashSet<>(cycle.edges()));
            long smallest = cycle.edges().stream()
                    .mapToLong(e -> graph.debt(e.debtor(), e.creditor())).min().orElseThrow();
            assertThat(cycle.amount()).isEqualTo(smallest);
        }
        assertThat(listed).hasSameSizeAs(actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 300)
    void triggeredClearingOnlyClearsCyclesThroughTouchedEdgesAndKeepsBalances(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 8) int nodes) {
        DebtGraph graph = randomDebts(seed, nodes, 0.45, 20);
        List<DebtEdge> all = graph.edges();
        Random random = new Random(seed);
        List<DebtKey> touched = new ArrayList<>();
        for (int i = 0; i < 2 && !all.isEmpty(); i++) {
            DebtEdge edge = all.get(random.nextInt(all.size()));
            touched.add(new DebtKey(edge.debtor(), edge.creditor()));
        }

        ClearingPlan plan = new CycleFinder(6).clearThrough(graph, touched);

        CycleFinderTest.assertBalancesKeptAfter(graph, plan);
        assertThat(plan.cycles()).allSatisfy(c -> assertThat(c.edges()).containsAnyElementsOf(touched));
    }

    @Property(tries = 300)
    void optimalSetOffKeepsBalancesAndRemovesAtLeastWhatCyclesRemove(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 10) int nodes) {
        DebtGraph graph = randomDebts(seed, nodes, 0.4, 30);

        SetOffResult optimal = new OptimalSetOff().compute(graph);
        ClearingPlan greedy = new CycleFinder(6).clearAll(graph);

        DebtGraph after = applied(graph, optimal);
        assertThat(after.netBalances()).isEqualTo(graph.netBalances());
        assertNoDebtGrewAndBlockedDebtsStayed(graph, after);
        assertThat(graph.totalDebt() - after.totalDebt()).isEqualTo(optimal.totalRemoved());
        assertThat(optimal.totalRemoved()).isGreaterThanOrEqualTo(greedy.totalRemoved());
        DebtGraph byCycles = graph.copy();
        optimal.cycles().forEach(byCycles::apply);
        assertThat(byCycles.edges()).isEqualTo(after.edges());
    }

    @Property(tries = 200)
    void optimalSetOffEqualsTheBruteForceMaximumOnTinyGraphs(
            @ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int nodes) {
        DebtGraph graph = randomDebts(seed, nodes, 0.6, 3);

        SetOffResult optimal = new OptimalSetOff().compute(graph);

        assertThat(optimal.totalRemoved()).isEqualTo(bruteForceMaxCirculation(graph));
    }

    private static DebtGraph applied(DebtGraph graph, SetOffResult result) {
        DebtGraph after = graph.copy();
        for (Reduction r : result.reductions()) {
            assertThat(r.after()).isBetween(0L, r.before() - 1);
            after.setDebt(r.debtor(), r.creditor(), r.after(), true);
        }
        return after;
    }

    private static void assertNoDebtGrewAndBlockedDebtsStayed(DebtGraph before, DebtGraph after) {
        for (DebtEdge edge : before.edges()) {
            long now = after.debt(edge.debtor(), edge.creditor());
            assertThat(now).isBetween(0L, edge.amount());
            if (!edge.clearable()) {
                assertThat(now).isEqualTo(edge.amount());
            }
        }
        assertThat(after.edges()).allSatisfy(e -> assertThat(before.debt(e.debtor(), e.creditor())).isPositive());
    }

    /** Every simple cycle of length 3..maxLength over positive clearable debts, as edge sets. */
    private static Set<Set<DebtKey>> bruteForceCycles(DebtGraph graph, int nodes, int maxLength) {
        Set<Set<DebtKey>> cycles = new HashSet<>();
        for (int start = 0; start < nodes; start++) {
            List<String> path = new ArrayList<>(List.of("P" + start));
            walk(graph, nodes, maxLength, path, cycles);
        }
        return cycles;
    }

    private static void walk(DebtGraph graph, int nodes, int maxLength, List<String> path, Set<Set<DebtKey>> out) {
        String last = path.get(path.size() - 1);
        for (int v = 0; v < nodes; v++) {
            String next = "P" + v;
            if (!clearableDebt(graph, last, next)) {
                continue;
            }
            if (next.equals(path.get(0)) && path.size() >= 3) {
                Set<DebtKey> edges = new HashSet<>();
                for (int i = 0; i < path.size(); i++) {
                    edges.add(new DebtKey(path.get(i), path.get((i + 1) % path.size())));
                }
                out.add(edges);
            } else if (!path.contains(next) && path.size() < maxLength) {
                path.add(next);
                walk(graph, nodes, maxLength, path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    private static boolean clearableDebt(DebtGraph graph, String debtor, String creditor) {
        return graph.edges().stream().anyMatch(e -> e.clearable() && e.debtor().equals(debtor)
                && e.creditor().equals(creditor));
    }

    /** Tries every integer removal per clearable debt and keeps the largest circulation. */
    private static long bruteForceMaxCirculation(DebtGraph graph) {
        List<DebtEdge> edges = graph.edges().stream().filter(DebtEdge::clearable).toList();
        return search(edges, 0, new long[edges.size()]);
    }

    private static long search(List<DebtEdge> edges, int i, long[] removed) {
        if (i == edges.size()) {
            Map<String, Long> net = new java.util.HashMap<>();
            long total = 0;
            for (int k = 0; k < edges.size(); k++) {
                net.merge(edges.get(k).debtor(), removed[k], Long::sum);
                net.merge(edges.get(k).creditor(), -removed[k], Long::sum);
                total += removed[k];
            }
            return net.values().stream().allMatch(v -> v == 0) ? total : -1;
        }
        long best = -1;
        for (long r = 0; r <= edges.get(i).amount(); r++) {
            removed[i] = r;
            best = Math.max(best, search(edges, i + 1, removed));
        }
        return best;
    }
}
