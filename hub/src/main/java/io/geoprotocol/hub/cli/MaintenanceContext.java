package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseRuntime;

/** What a maintenance command needs: settings from the environment and an open database. */
final class MaintenanceContext {

    private MaintenanceContext() {
    }

    static HubSettings settings() {
        return HubSettings.load(System::getenv);
    }

    static DatabaseRuntime database(HubSettings settings) {
        return DatabaseRuntime.open(settings);
    }
}
