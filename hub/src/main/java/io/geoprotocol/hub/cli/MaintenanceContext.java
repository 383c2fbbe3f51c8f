package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;
import java.util.function.Function;

/**
 * What a maintenance command needs: settings from an environment lookup (the process environment
 * when run from the jar; tests pass their own) and an open database.
 */
final class MaintenanceContext {

    private final Function<String, String> environment;

    MaintenanceContext(Function<String, String> environment) {
        this.environment = environment;
    }

    HubSettings settings() {
        return HubSettings.load(environment);
    }

    DatabaseRuntime database(HubSettings settings) {
        return DatabaseRuntime.open(settings);
    }
}
