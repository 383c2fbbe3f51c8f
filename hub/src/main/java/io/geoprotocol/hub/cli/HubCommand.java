package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.GeoHubApplication;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;

/** The launcher's top command; without a subcommand it serves. */
@Command(
        name = "geo-hub",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "GEO Hub: mutual-credit hub server and its maintenance commands.",
        subcommands = {ServeCommand.class, MigrateCommand.class, SeedCommand.class})
public class HubCommand implements Runnable {

    private static final AtomicBoolean SERVING = new AtomicBoolean();

    public static boolean serverRunning() {
        return SERVING.get();
    }

    @Override
    public void run() {
        serve(new String[0]);
    }

    static void serve(String[] springArgs) {
        SERVING.set(true);
        SpringApplication.run(GeoHubApplication.class, springArgs);
    }
}
