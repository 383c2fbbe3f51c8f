package io.geoprotocol.hub.cli;

import io.geoprotocol.hub.coordination.SingleRunner;
import io.geoprotocol.hub.database.DatabaseUrl;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import java.time.Duration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reactive database handles the server's services need, built by hand for a maintenance
 * command so it can reuse them without starting the web server (or any Spring context).
 */
final class ReactiveDatabase implements AutoCloseable {

    final ConnectionPool pool;
    final DatabaseClient client;
    final TransactionalOperator tx;
    final SingleRunner runner;
    final JsonMapper json = JsonMapper.builder().build();

    ReactiveDatabase(DatabaseUrl url) {
        PostgresqlConnectionConfiguration.Builder config = PostgresqlConnectionConfiguration.builder()
                .host(url.host())
                .port(url.port())
                .database(url.database())
                .username(url.user())
                .password(url.password())
                .applicationName("geo-hub-cli")
                .connectTimeout(Duration.ofSeconds(10));
        String sslMode = url.options().get("sslmode");
        if (sslMode != null) {
            config.sslMode(SSLMode.fromValue(sslMode));
        }
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(config.build()))
                .name("geo-hub-cli")
                .initialSize(1)
                .maxSize(4)
                .maxAcquireTime(Duration.ofSeconds(30))
                .build());
        client = DatabaseClient.create(pool);
        tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
        runner = new SingleRunner(pool);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
