package io.geoprotocol.hub.bench;

import io.geoprotocol.hub.routing.CreditGraph;
import io.geoprotocol.hub.routing.RouteConstraints;
import io.geoprotocol.hub.routing.RouteResult;
import io.geoprotocol.hub.routing.Router;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing latency on scale-free trust graphs: one payment between a random payer and payee
 * per call, amounts of 1.00 to 100.00, default constraints (6 hops, 3 paths).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class RoutingBenchmark {

    private static final int PAIRS = 1 << 14;

    @Param({"10000", "100000"})
    public int participants;

    private Router router;
    private String[] payers;
    private String[] payees;
    private long[] amounts;
    private int next;

    @Setup
    public void setUp() {
        CreditGraph graph = ScaleFreeCommunity.trustGraph(participants, 5, 42);
        router = new Router(graph);
        SplittableRandom random = new SplittableRandom(7);
        payers = new String[PAIRS];
        payees = new String[PAIRS];
        amounts = new long[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            int payer = random.nextInt(participants);
            int payee = (payer + 1 + random.nextInt(participants - 1)) % participants;
            payers[i] = ScaleFreeCommunity.pid(payer);
            payees[i] = ScaleFreeCommunity.pid(payee);
            amounts[i] = 100 + random.nextLong(9_900);
        }
    }

    @Benchmark
    public RouteResult route() {
        int i = next++ & (PAIRS - 1);
        return router.route(payers[i], payees[i], amounts[i], RouteConstraints.DEFAULT);
    }
}
