package io.geoprotocol.hub.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations in {@code db/migration}; safe to run from several replicas at once. */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    public static MigrateResult apply(DatabaseUrl url) {
        MigrateResult result = flyway(url).migrate();
        log.info("event=migrations_applied count={} schema_version={}", result.migrationsExecuted,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        return result;
    }

    public static Flyway flyway(DatabaseUrl url) {
        return Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .connectRetries(10)
                .load();
    }
}
