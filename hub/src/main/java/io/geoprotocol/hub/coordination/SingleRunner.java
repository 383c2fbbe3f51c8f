package io.geoprotocol.hub.coordination;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs a background job on at most one hub replica at a time. The job runs while this replica
 * holds a PostgreSQL session advisory lock named after it, taken with {@code pg_try_advisory_lock}
 * on a connection opened for that run alone (outside the pool) and closed when the job ends. If
 * the replica dies mid-run its session ends, so the lock frees by itself; a replica that finds
 * the lock taken skips this run instead of waiting.
 */
@Component
public final class SingleRunner {

    /** First half of every lock key, so the hub's locks never meet another application's. */
    static final int NAMESPACE = 0x47454F48;

    private static final Logger log = LoggerFactory.getLogger(SingleRunner.class);

    private final ConnectionFactory connections;

    public SingleRunner(ConnectionFactory factory) {
        // A pooled connection would go back to the pool still holding the lock if unlocking failed.
        this.connections = factory instanceof ConnectionPool pool ? pool.unwrap() : factory;
    }

    /**
     * Runs {@code work} if no replica is running the job {@code name}; completes empty (without
     * subscribing to {@code work}) when another one is.
     */
    public <T> Mono<T> run(String name, Mono<T> work) {
        int key = key(name);
        return Mono.usingWhen(
                connections.create(),
                connection -> tryLock(connection, key)
                        .flatMap(acquired -> {
                            if (!acquired) {
                                log.debug("event=job_skipped_not_leader job={}", name);
                                return Mono.<T>empty();
                            }
                            return work.flatMap(result -> unlock(connection, key).thenReturn(result))
                                    .switchIfEmpty(unlock(connection, key).then(Mono.empty()))
                                    .onErrorResume(e -> unlock(connection, key).then(Mono.error(e)));
                        }),
                Connection::close,
                (connection, e) -> connection.close(),
                Connection::close);
    }

    /** A stable 32-bit key per job name. */
    static int key(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static Mono<Boolean> tryLock(Connection connection, int key) {
        return Mono.from(connection.createStatement("SELECT pg_try_advisory_lock($1, $2) AS acquired")
                        .bind("$1", NAMESPACE)
                        .bind("$2", key)
                        .execute())
                .flatMap(result -> Mono.from(result.map((row, meta) -> row.get("acquired", Boolean.class))));
    }

    /** Closing the connection frees the lock anyway; unlocking first keeps that explicit. */
    private static Mono<Void> unlock(Connection connection, int key) {
        return Mono.from(connection.createStatement("SELECT pg_advisory_unlock($1, $2)")
                        .bind("$1", NAMESPACE)
                        .bind("$2", key)
                        .execute())
                .flatMapMany(result -> result.map((row, meta) -> 1))
                .onErrorResume(e -> Mono.empty())
                .then();
    }
}
