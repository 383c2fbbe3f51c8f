package io.geoprotocol.hub.bench;

import io.geoprotocol.hub.routing.CreditGraph;
import io.geoprotocol.hub.routing.RouteConstraints;
import io.geoprotocol.hub.routing.RouteResult;
import io.geoprotocol.hub.routing.Router;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Plain-Java latency survey of the router, without JMH, for a quick look: prints wall-clock
 * and thread-CPU percentiles (the latter show the algorithm's own cost on a machine busy with
 * other work) and how many payments found a plan with how many hops. Argument: participants.
 */
public final class RoutingQuickCheck {

    private RoutingQuickCheck() {
    }

    public static void main(String[] args) {
        int participants = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long built = System.nanoTime();
        CreditGraph graph = ScaleFreeCommunity.trustGraph(participants, 5, 42);
        System.out.printf("graph: %d participants, %d lines, built in %d ms%n", graph.participantCount(),
                graph.lineCount(), (System.nanoTime() - built) / 1_000_000);
        Router router = new Router(graph);
        SplittableRandom random = new SplittableRandom(7);
        int runs = 20_000;
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int found = 0;
        int[] hops = new int[8];
        for (int i = 0; i < runs + 5_000; i++) {
            int payer = random.nextInt(participants);
            int payee = (payer + 1 + random.nextInt(participants - 1)) % participants;
            long amount = 100 + random.nextLong(9_900);
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            RouteResult result = router.route(ScaleFreeCommunity.pid(payer), ScaleFreeCommunity.pid(payee),
                    amount, RouteConstraints.DEFAULT);
            long took = System.nanoTime() - start;
            long cpuTook = threads.getCurrentThreadCpuTime() - cpuStart;
            if (i >= 5_000) {
                nanos[i - 5_000] = took;
                cpu[i - 5_000] = cpuTook;
                if (result instanceof RouteResult.Found f) {
                    found++;
                    hops[Math.min(7, f.plan().maxHops())]++;
                }
            }
        }
        print("wall", nanos);
        print("cpu ", cpu);
        System.out.printf("found %d of %d; hops histogram %s%n", found, runs, Arrays.toString(hops));
    }

    private static void print(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf("%s p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n", label,
                sorted[n / 2] / 1e3, sorted[n * 9 / 10] / 1e3, sorted[n * 99 / 100] / 1e3,
                sorted[n * 999 / 1000] / 1e3, sorted[n - 1] / 1e3);
    }
}
