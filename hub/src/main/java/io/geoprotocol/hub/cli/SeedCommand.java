package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import io.geoprotocol.hub.database.Migrations;
import io.geoprotocol.hub.seeds.SeedLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Loads the demo community (or another community file); loading twice changes nothing. */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Load the demo community from seeds/ (or --file) into the database and exit. "
                + "Applies pending migrations first. Idempotent: existing rows are kept.")
class SeedCommand implements Callable<Integer> {

    @Option(names = "--file", description = "A community JSON file in the format of seeds/demo-community.json.")
    private Path file;

    @ParentCommand
    private HubCommand hub;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HubSettings settings = hub.context().settings();
        try (DatabaseRuntime db = hub.context().database(settings)) {
            Migrations.apply(db.url());
            var summary = file != null ? SeedLoader.loadFile(db.url(), file) : SeedLoader.loadDefault(db.url());
            out.println("Seed loaded; new rows: " + summary);
            out.flush();
            return 0;
        }
    }
}
