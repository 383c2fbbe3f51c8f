package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.integrity.EquivalentCheck;
import io.geoprotocol.hub.integrity.IntegrityChecker;
import io.geoprotocol.hub.integrity.IntegrityService;
import io.geoprotocol.hub.integrity.LedgerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Every invariant of every equivalent, as a report; the exit code says whether all hold. */
@Command(name = "check-integrity", mixinStandardHelpOptions = true,
        description = "Check every invariant (zero-sum, debts within limits, no mutual debts) of every equivalent "
                + "(or --equivalent), print a report with checksums and exit 0 when all hold, 1 otherwise.")
class CheckIntegrityCommand implements Callable<Integer> {

    @Option(names = "--equivalent", description = "Check only this equivalent.")
    private String equivalent;

    @Option(names = "--checkpoint", description = "Also store a checkpoint of each equivalent checked.")
    private boolean checkpoint;

    @ParentCommand
    private HubCommand hub;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HubSettings settings = hub.context().settings();
        try (DatabaseRuntime runtime = hub.context().database(settings);
                ReactiveDatabase db = new ReactiveDatabase(runtime.url())) {
            IntegrityService integrity = new IntegrityService(new IntegrityChecker(db.client, db.json),
                    new LedgerMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), db.client, db.json,
                    Clock.systemUTC());
            IntegrityService.Report report = integrity.check(Optional.ofNullable(equivalent), checkpoint)
                    .blockOptional(Duration.ofMinutes(30))
                    .orElseThrow(() -> new IllegalArgumentException("Equivalent " + equivalent + " does not exist"));
            out.printf("%-16s %-9s %6s %9s %12s %8s  %s%n", "EQUIVALENT", "STATUS", "DEBTS", "ZERO_SUM",
                    "OVER_LIMIT", "MUTUAL", "CHECKSUM");
            for (EquivalentCheck check : report.checks()) {
                out.printf("%-16s %-9s %6d %9s %12d %8d  %s%n", check.equivalent(), check.status(),
                        check.debtCount(), check.zeroSumText(), check.limitViolations(),
                        check.mutualPairs(), check.checksum());
                for (var row : check.overLimit()) {
                    out.printf("  over limit: %s owes %s %s (limit %s)%n", row.get("debtor"), row.get("creditor"),
                            row.get("amount"), row.get("limit") == null ? "none" : row.get("limit"));
                }
                for (var row : check.mutual()) {
                    out.printf("  mutual: %s and %s owe each other %s / %s%n", row.get("debtor"),
                            row.get("creditor"), row.get("amount"), row.get("amount_back"));
                }
            }
            out.printf("Integrity: %s (%d equivalent(s) checked)%n", report.status(), report.checks().size());
            report.alerts().forEach(alert -> out.println("ALERT: " + alert));
            out.flush();
            return report.healthy() ? 0 : 1;
        }
    }
}
