package io.geoprotocol.hub.database;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.seeds.SeedLoader;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Opens the database (embedded when {@code DATABASE_URL} is unset), brings its schema up to date
 * and, on an embedded first start, loads the demo community, all before the first request.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DatabaseRuntime databaseRuntime(HubSettings settings) {
        DatabaseRuntime runtime = DatabaseRuntime.open(settings);
        try {
            var result = Migrations.apply(runtime.url());
            boolean firstStart = result.initialSchemaVersion == null;
            if (settings.seedOnFirstStart() && firstStart) {
                var summary = SeedLoader.loadDefault(runtime.url());
                log.info("event=demo_seed_loaded {}", summary);
            }
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(DatabaseRuntime runtime, Environment env) {
        DatabaseUrl url = runtime.url();
        PostgresqlConnectionConfiguration.Builder config = PostgresqlConnectionConfiguration.builder()
                .host(url.host())
                .port(url.port())
                .database(url.database())
                .username(url.user())
                .password(url.password())
                .applicationName("geo-hub")
                .connectTimeout(Duration.ofSeconds(5))
                .tcpNoDelay(true);
        String sslMode = url.options().get("sslmode");
        if (sslMode != null) {
            config.sslMode(SSLMode.fromValue(sslMode));
        }

        int poolSize = env.getProperty("DB_POOL_SIZE", Integer.class, 20);
        ConnectionPoolConfiguration pool = ConnectionPoolConfiguration
                .builder(new PostgresqlConnectionFactory(config.build()))
                .name("geo-hub")
                .initialSize(Math.min(4, poolSize))
                .maxSize(poolSize)
                .maxIdleTime(Duration.ofMinutes(10))
                .maxAcquireTime(Duration.ofSeconds(10))
                // Checked locally (is the socket open?) rather than by a query: a query here would be
                // one more round trip on every acquire of every payment.
                .validationDepth(io.r2dbc.spi.ValidationDepth.LOCAL)
                // After a database restart every idle connection is dead; retrying past them all lets
                // the first request after recovery succeed instead of failing on each stale one.
                .acquireRetry(poolSize + 1)
                .build();
        log.info("event=database_pool_ready target={} pool_size={}", url.describe(), poolSize);
        return new ConnectionPool(pool);
    }

    @Bean
    ReactiveTransactionManager transactionManager(ConnectionFactory connectionFactory) {
        return new R2dbcTransactionManager(connectionFactory);
    }

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }
}
