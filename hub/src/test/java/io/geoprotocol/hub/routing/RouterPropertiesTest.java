package io.geoprotocol.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RouterPropertiesTest {

    @Property(tries = 400)
    void planSumsToTheAmountAndNoHopCarriesMoreThanItsCapacity(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 7) int nodes,
            @ForAll @IntRange(min = 1, max = 4) int maxHops, @ForAll @IntRange(min = 1, max = 3) int maxPaths,
            @ForAll @IntRange(min = 1, max = 120) int amount) {
        RandomCommunity community = new RandomCommunity(seed, nodes, 0.4, true);
        Random random = new Random(seed ^ 0x5DEECE66DL);
        String payer = community.pids.get(random.nextInt(nodes));
        String payee = community.pids.get((community.pids.indexOf(payer) + 1 + random.nextInt(nodes - 1)) % nodes);
        Set<String> avoid = random.nextBoolean() ? Set.of(community.pids.get(random.nextInt(nodes))) : Set.of();
        RouteConstraints constraints = new RouteConstraints(maxHops, maxPaths, avoid);

        RouteResult result = new Router(community.graph).route(payer, payee, amount, constraints);

        if (result instanceof RouteResult.Found found) {
            RoutePlan plan = found.plan();
            assertThat(plan.total()).isEqualTo(amount);
            assertThat(plan.routes()).hasSizeLessThanOrEqualTo(maxPaths);
            Map<String, Long> perHop = new HashMap<>();
            for (Route route : plan.routes()) {
                assertThat(route.path().get(0)).isEqualTo(payer);
                assertThat(route.path().get(route.hops())).isEqualTo(payee);
                assertThat(route.hops()).isLessThanOrEqualTo(maxHops);
                assertThat(new HashSet<>(route.path())).hasSize(route.path().size());
                assertThat(community.pathAllowed(route.path(), avoid)).isTrue();
                for (int i = 0; i < route.hops(); i++) {
                    perHop.merge(route.path().get(i) + ">" + route.path().get(i + 1), route.amount(), Long::sum);
                }
            }
            perHop.forEach((hop, used) -> {
                String[] ends = hop.split(">");
                assertThat(used).isLessThanOrEqualTo(community.graph.hopCapacity(ends[0], ends[1]));
            });
        } else {
            RouteResult.Failed failed = (RouteResult.Failed) result;
            assertThat(failed.maxAvailable()).isLessThan(amount);
        }
    }

    @Property(tries = 400)
    void firstRouteIsAsWideAsTheWidestAllowedPathAndFailuresAreClassifiedTruthfully(
            @ForAll long seed, @ForAll @IntRange(min = 3, max = 7) int nodes,
            @ForAll @IntRange(min = 1, max = 4) int maxHops, @ForAll @IntRange(min = 1, max = 120) int amount) {
        RandomCommunity community = new RandomCommunity(seed, nodes, 0.4, false);
        String payer = community.pids.get(0);
        String payee = community.pids.get(nodes - 1);
        List<List<String>> paths = community.allowedPaths(payer, payee, maxHops, Set.of());
        long widest = paths.stream().mapToLong(community::bottleneck).max().orElse(0);

        RouteResult result = new Router(community.graph)
                .route(payer, payee, amount, new RouteConstraints(maxHops, 3, Set.of()));

        if (paths.isEmpty()) {
            assertThat(result).isEqualTo(new RouteResult.Failed(RouteFailure.NO_ROUTE, 0));
        } else if (result instanceof RouteResult.Found found) {
            assertThat(found.plan().routes().get(0).amount()).isEqualTo(Math.min(amount, widest));
        } else {
            RouteResult.Failed failed = (RouteResult.Failed) result;
            assertThat(failed.reason()).isEqualTo(RouteFailure.INSUFFICIENT_CAPACITY);
            assertThat(failed.maxAvailable()).isGreaterThanOrEqualTo(Math.min(amount, widest));
        }
    }
}
