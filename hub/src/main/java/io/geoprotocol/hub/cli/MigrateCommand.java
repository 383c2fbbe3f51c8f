package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.database.Migrations;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Brings the schema up to date, or reports where it stands. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply pending database migrations (DATABASE_URL, or the embedded database) and exit.")
class MigrateCommand implements Callable<Integer> {

    @Option(names = "--info", description = "Only list applied and pending migrations; change nothing.")
    private boolean infoOnly;

    @ParentCommand
    private HubCommand hub;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HubSettings settings = hub.context().settings();
        try (DatabaseRuntime db = hub.context().database(settings)) {
            if (infoOnly) {
                out.printf("%-8s %-40s %s%n", "VERSION", "DESCRIPTION", "STATE");
                for (var m : Migrations.flyway(db.url()).info().all()) {
                    out.printf("%-8s %-40s %s%n", m.getVersion(), m.getDescription(), m.getState());
                }
                out.flush();
                return 0;
            }
            var result = Migrations.apply(db.url());
            out.printf("Applied %d migration(s); schema is at version %s (%s).%n",
                    result.migrationsExecuted,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    db.url().describe());
            out.flush();
            return 0;
        }
    }
}
