package io.geoprotocol.hub.database;

import io.geoprotocol.hub.config.HubSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the hub's database is: the server named by {@code DATABASE_URL}, or an embedded one started
 * here when it is unset. Closing stops the embedded server, never an external one.
 */
public final class DatabaseRuntime implements AutoCloseable {

    private final DatabaseUrl url;
    private final Optional<EmbeddedDatabase> embedded;

    private DatabaseRuntime(DatabaseUrl url, Optional<EmbeddedDatabase> embedded) {
        this.url = url;
        this.embedded = embedded;
    }

    public static DatabaseRuntime open(HubSettings settings) {
        if (settings.databaseUrl().isPresent()) {
            DatabaseUrl url = DatabaseUrl.parse(settings.databaseUrl().get());
            DatabaseLogin.check(url);
            return new DatabaseRuntime(url, Optional.empty());
        }
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(settings.dataDirectory()));
        return new DatabaseRuntime(db.url(), Optional.of(db));
    }

    public DatabaseUrl url() {
        return url;
    }

    public boolean embedded() {
        return embedded.isPresent();
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
