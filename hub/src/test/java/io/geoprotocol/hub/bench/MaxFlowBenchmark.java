package io.geoprotocol.hub.bench;

import io.geoprotocol.hub.routing.MaxFlow;
import io.geoprotocol.hub.routing.MaxFlowResult;
import io.geoprotocol.hub.routing.RouteConstraints;
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
 * Hop-bounded max flow between a random payer and payee per call on a scale-free trust graph,
 * default constraints (6 hops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class MaxFlowBenchmark {

    private static final int PAIRS = 1 << 12;

    @Param({"10000"})
    public int participants;

    private MaxFlow maxFlow;
    private String[] payers;
    private String[] payees;
    private int next;

    @Setup
    public void setUp() {
        maxFlow = new MaxFlow(ScaleFreeCommunity.trustGraph(participants, 5, 42));
        SplittableRandom random = new SplittableRandom(7);
        payers = new String[PAIRS];
        payees = new String[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            int payer = random.nextInt(participants);
            int payee = (payer + 1 + random.nextInt(participants - 1)) % participants;
            payers[i] = ScaleFreeCommunity.pid(payer);
            payees[i] = ScaleFreeCommunity.pid(payee);
        }
    }

    @Benchmark
    public MaxFlowResult maxFlow() {
        int i = next++ & (PAIRS - 1);
        return maxFlow.compute(payers[i], payees[i], RouteConstraints.DEFAULT);
    }
}
