package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.GeoHubApplication;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The launcher's top command; without a subcommand it serves. */
@Command(
        name = "geo-hub",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "GEO Hub: mutual-credit hub server and its maintenance commands.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Without a command the hub serves. Configuration comes from environment variables",
            "(DATABASE_URL, JWT_SECRET, ADMIN_TOKEN, ...): see docs/configuration.md."},
        subcommands = {ServeCommand.class, MigrateCommand.class, SeedCommand.class, ClearingRunCommand.class,
                CleanupLocksCommand.class, CheckIntegrityCommand.class, ExportParticipantCommand.class,
                DbStatsCommand.class, CommandLine.HelpCommand.class})
public class HubCommand implements Runnable {

    private static final AtomicBoolean SERVING = new AtomicBoolean();

    private final MaintenanceContext context;

    /** Reads the process environment. */
    public HubCommand() {
        this(System::getenv);
    }

    /** Reads settings through {@code environment} (for tests and embedding). */
    public HubCommand(Function<String, String> environment) {
        this.context = new MaintenanceContext(environment);
    }

    /** Convenience for tests: a fixed environment. */
    public static HubCommand withEnvironment(Map<String, String> environment) {
        return new HubCommand(environment::get);
    }

    /** The configured command line: one clear error line and a non-zero exit on failure. */
    public static CommandLine commandLine(HubCommand command) {
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new CommandFailureHandler());
    }

    /**
     * The command line of the {@code geo-hub} process: as {@link #commandLine}, and every command
     * but {@code serve} logs to standard error, keeping standard output for its report.
     */
    public static CommandLine processCommandLine(Function<String, String> environment) {
        CommandLine cli = commandLine(new HubCommand(environment));
        cli.setExecutionStrategy(parsed -> {
            if (!serves(parsed)) {
                CommandLogging.toStandardError(environment);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli;
    }

    private static boolean serves(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        String name = last.commandSpec().name();
        return (name.equals("geo-hub") || name.equals("serve"))
                && !last.isUsageHelpRequested() && !last.isVersionHelpRequested();
    }

    public static boolean serverRunning() {
        return SERVING.get();
    }

    MaintenanceContext context() {
        return context;
    }

    @Override
    public void run() {
        serve(new String[0]);
    }

    static void serve(String[] springArgs) {
        ServePreflight.check(System::getenv);
        SERVING.set(true);
        try {
            SpringApplication.run(GeoHubApplication.class, springArgs);
        } catch (RuntimeException e) {
            SERVING.set(false);
            throw e;
        }
    }
}
