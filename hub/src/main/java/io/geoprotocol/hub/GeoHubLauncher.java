package io.geoprotocol.hub;

import io.geoprotocol.hub.cli.HubCommand;

/**
 * Entry point of {@code geo-hub.jar}: with no arguments (or {@code serve}) it runs the server;
 * otherwise it runs one maintenance command and exits with its status (its report on standard
 * output, its log lines on standard error).
 */
public final class GeoHubLauncher {

    private GeoHubLauncher() {
    }

    public static void main(String[] args) {
        int exit = HubCommand.processCommandLine(System::getenv).execute(args);
        if (exit != 0 || !HubCommand.serverRunning()) {
            System.exit(exit);
        }
    }
}
