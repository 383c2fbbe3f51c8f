package io.geoprotocol.hub.bench;

import io.geoprotocol.hub.clearing.ClearingPlan;
import io.geoprotocol.hub.clearing.CycleFinder;
import io.geoprotocol.hub.clearing.DebtEdge;
import io.geoprotocol.hub.clearing.DebtGraph;
import io.geoprotocol.hub.clearing.OptimalSetOff;
import io.geoprotocol.hub.clearing.SetOffResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
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
 * Optimal set-off and greedy cycle clearing (cycles of 3..6) on one generated debt graph of
 * 10 000 participants and about 100 000 debts (scale-free, 1 in 20 not clearable). The setup
 * prints how much the cycles removed against the optimum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class SetOffBenchmark {

    @Param({"10000"})
    public int participants;

    @Param({"10"})
    public int debtsPerParticipant;

    private DebtGraph graph;

    @Setup
    public void setUp() {
        List<DebtEdge> debts = ScaleFreeCommunity.debts(participants, debtsPerParticipant, 11);
        graph = DebtGraph.of(debts);
        System.out.println();
        System.out.println(compare(graph));
    }

    @Benchmark
    public SetOffResult optimalSetOff() {
        return new OptimalSetOff().compute(graph);
    }

    @Benchmark
    public ClearingPlan cycleClearing() {
        return new CycleFinder(CycleFinder.DEFAULT_MAX_LENGTH).clearAll(graph);
    }

    /**
     * One run of each, timed by wall clock and by this thread's CPU time (which a machine busy
     * with other work does not inflate), and the share of the optimum that cycles reach.
     */
    static String compare(DebtGraph graph) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        SetOffResult optimal = new OptimalSetOff().compute(graph);
        long optimalWall = (System.nanoTime() - wall) / 1_000_000;
        long optimalCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        cpu = threads.getCurrentThreadCpuTime();
        wall = System.nanoTime();
        ClearingPlan cycles = new CycleFinder(CycleFinder.DEFAULT_MAX_LENGTH).clearAll(graph);
        long cyclesWall = (System.nanoTime() - wall) / 1_000_000;
        long cyclesCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        return String.format("participants %d, debts %d, total debt %d%n"
                        + "  optimal set-off: removes %d (%.2f%% of all debt) in %d cycles; %d ms wall, %d ms cpu%n"
                        + "  cycles of 3..6:  removes %d in %d cycles (complete=%s); %d ms wall, %d ms cpu%n"
                        + "  cycles reach %.2f%% of the optimum",
                graph.participantCount(), graph.debtCount(), graph.totalDebt(),
                optimal.totalRemoved(), 100.0 * optimal.totalRemoved() / graph.totalDebt(),
                optimal.cycles().size(), optimalWall, optimalCpu,
                cycles.totalRemoved(), cycles.cycles().size(), cycles.complete(), cyclesWall, cyclesCpu,
                100.0 * cycles.totalRemoved() / Math.max(1, optimal.totalRemoved()));
    }

    /** Quick look without JMH: {@code [participants] [debtsPerParticipant]}. */
    public static void main(String[] args) {
        int people = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perPerson = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        DebtGraph graph = DebtGraph.of(ScaleFreeCommunity.debts(people, perPerson, 11));
        for (int run = 0; run < 3; run++) {
            System.out.println(compare(graph));
        }
    }
}
