package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.config.SecretPolicy;
import io.geoprotocol.hub.database.DatabaseLogin;
import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.database.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The checks a start would fail on anyway, made before the server's framework starts: a bad
 * setting, a weak secret, a data folder in use or a database refusing the login is then one line
 * and exit status 2 or 1, as for the maintenance commands, instead of a framework report after
 * the context failed. The wait for an unreachable database happens here too, where a stop signal
 * still ends the process at once.
 */
final class ServePreflight {

    private ServePreflight() {
    }

    static void check(Function<String, String> environment) {
        HubSettings settings = HubSettings.load(environment);
        if (!settings.devMode()) {
            SecretPolicy.enforce(settings);
        }
        if (settings.databaseUrl().isEmpty()) {
            EmbeddedDatabase.ensureNotInUse(Path.of(settings.dataDirectory()));
        } else {
            DatabaseLogin.awaitReachable(DatabaseUrl.parse(settings.databaseUrl().get()));
        }
    }
}
