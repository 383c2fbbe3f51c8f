package io.geoprotocol.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the HTTP server (the default when no command is given). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the hub server on PORT (default 8000); starts an embedded PostgreSQL when "
                + "DATABASE_URL is unset.")
class ServeCommand implements Runnable {

    @Unmatched
    private String[] springArgs = new String[0];

    @Override
    public void run() {
        HubCommand.serve(springArgs);
    }
}
