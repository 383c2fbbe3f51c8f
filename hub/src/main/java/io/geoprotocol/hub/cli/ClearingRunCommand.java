package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.clearing.ClearingScheduler;
import io.geoprotocol.hub.clearing.ClearingService;
import io.geoprotocol.hub.clearing.ClearingStore;
import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.integrity.LedgerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;

/** One clearing pass, for scheduled jobs (a Kubernetes CronJob, cron). */
@Command(name = "clearing-run", mixinStandardHelpOptions = true,
        description = "Run one clearing pass over every equivalent with debts (or --equivalent), print what it "
                + "cleared and exit. Skips the pass when a hub replica is clearing at that moment.")
class ClearingRunCommand implements Callable<Integer> {

    enum Mode { cycles, optimal }

    @Option(names = "--equivalent", description = "Clear only this equivalent.")
    private String equivalent;

    @Option(names = "--mode", description = "cycles or optimal (default: CLEARING_MODE, else cycles).")
    private Mode mode;

    @Option(names = "--max-depth", description = "Longest cycle cleared, 3..10 (default: MAX_CLEARING_CYCLE_LENGTH).")
    private Integer maxDepth;

    @ParentCommand
    private HubCommand hub;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HubSettings settings = hub.context().settings();
        String chosen = mode != null ? mode.name() : settings.clearingMode();
        int depth = maxDepth != null ? maxDepth : settings.maxClearingCycleLength();
        if (depth < 3 || depth > 10) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-depth must be 3..10");
        }
        try (DatabaseRuntime runtime = hub.context().database(settings);
                ReactiveDatabase db = new ReactiveDatabase(runtime.url())) {
            ClearingService clearing = new ClearingService(new ClearingStore(db.client, db.tx, db.json),
                    new LedgerMetrics(new SimpleMeterRegistry(), Clock.systemUTC()),
                    ClearingService.ClearingObserver.NONE);
            Flux<String> equivalents = equivalent != null ? Flux.just(equivalent) : clearing.equivalentsWithDebts();
            List<ClearingService.PassResult> passes = db.runner.run(ClearingScheduler.JOB, equivalents
                            .concatMap(eq -> clearing.clearEquivalent(eq, chosen, depth, "command")
                                    .switchIfEmpty(reactor.core.publisher.Mono.error(
                                            new IllegalArgumentException("Equivalent " + eq + " does not exist"))))
                            .collectList())
                    .block(Duration.ofHours(1));
            if (passes == null) {
                out.println("Another clearing pass is running (a hub replica holds the clearing lock); skipped.");
                out.flush();
                return 0;
            }
            int cycles = 0;
            for (ClearingService.PassResult pass : passes) {
                cycles += pass.clearedCycles();
                out.printf("%-16s mode=%s cleared_cycles=%d transactions=%d removed=%s%s%n", pass.equivalent(),
                        pass.mode(), pass.clearedCycles(), pass.transactions(), pass.totalRemoved(),
                        pass.complete() ? "" : " (search budget reached; run again)");
            }
            out.printf("Clearing pass done: %d equivalent(s), %d cycle(s) cleared.%n", passes.size(), cycles);
            out.flush();
            return 0;
        }
    }
}
