package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.database.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Brings the schema up to date, or reports where it stands. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply pending database migrations (DATABASE_URL, or the embedded database) and exit.")
class MigrateCommand implements Callable<Integer> {

    @Option(names = "--info", description = "Only list applied and pending migrations.")
    private boolean infoOnly;

    @Override
    public Integer call() {
        HubSettings settings = MaintenanceContext.settings();
        try (DatabaseRuntime db = MaintenanceContext.database(settings)) {
            if (infoOnly) {
                for (var m : Migrations.flyway(db.url()).info().all()) {
                    System.out.printf("%-8s %-40s %s%n", m.getVersion(), m.getDescription(), m.getState());
                }
                return 0;
            }
            var result = Migrations.apply(db.url());
            System.out.printf("Applied %d migration(s); schema is at version %s (%s).%n",
                    result.migrationsExecuted,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    db.url().describe());
            return 0;
        }
    }
}
