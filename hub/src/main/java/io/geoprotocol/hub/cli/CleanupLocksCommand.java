package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.payments.PaymentLedger;
import io.geoprotocol.hub.metrics.HubMetrics;
import io.geoprotocol.hub.payments.PaymentRecovery;
import io.geoprotocol.hub.payments.RouteFinder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Payment recovery, once: the same pass the hub runs every CLEANUP_EXPIRED_LOCKS_SECONDS. */
@Command(name = "cleanup-locks", mixinStandardHelpOptions = true,
        description = "Abort payments abandoned past their timeout and release expired capacity reservations, "
                + "print what was released and exit.")
class CleanupLocksCommand implements Callable<Integer> {

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
            PaymentRecovery recovery = new PaymentRecovery(db.client, new PaymentLedger(db.client, db.tx),
                    NO_ROUTING, settings, db.json, db.runner,
                    new HubMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
            PaymentRecovery.Report report = recovery.recover().block(Duration.ofMinutes(10));
            out.printf("aborted_payments=%d released_reservations=%d%n", report.abortedPayments(),
                    report.releasedReservations());
            out.flush();
            return 0;
        }
    }

    /** This process routes nothing; the hubs' own views reload on their schedule. */
    private static final RouteFinder NO_ROUTING = new RouteFinder() {
        @Override
        public Outcome find(Query query) {
            return new NoRoute();
        }

        @Override
        public void refresh(String equivalent) {
        }
    };
}
