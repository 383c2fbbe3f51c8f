package io.geoprotocol.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.support.TestPostgres;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Two replicas (two runners on separate connections) never run the same job at once. */
class SingleRunnerTest {

    private static PostgresqlConnectionFactory factory(DatabaseUrl url) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(url.host()).port(url.port()).database(url.database()).username(url.user())
                .password(url.password() == null ? "" : url.password()).build());
    }

    @Test
    void twoConcurrentAttemptsRunTheJobExactlyOnce() {
        DatabaseUrl url = TestPostgres.freshDatabase();
        SingleRunner replicaA = new SingleRunner(factory(url));
        SingleRunner replicaB = new SingleRunner(factory(url));
        AtomicInteger runs = new AtomicInteger();
        Sinks.One<String> release = Sinks.one();
        Mono<String> slowJob = Mono.fromRunnable(runs::incrementAndGet).then(release.asMono());

        Mono<List<String>> both = Flux.merge(
                        replicaA.run("job-x", slowJob).defaultIfEmpty("skipped"),
                        replicaB.run("job-x", slowJob).defaultIfEmpty("skipped"),
                        Mono.delay(Duration.ofSeconds(2)).then(Mono.fromRunnable(() -> release.tryEmitValue("ran"))))
                .collectList();

        assertThat(both.block(Duration.ofSeconds(30))).containsExactlyInAnyOrder("ran", "skipped");
        assertThat(runs).hasValue(1);

        assertThat(replicaB.run("job-x", Mono.just("again")).block(Duration.ofSeconds(10)))
                .as("the lock is free once the job ended")
                .isEqualTo("again");
        assertThat(replicaA.run("job-x", Mono.error(new IllegalStateException("boom")))
                .onErrorResume(e -> Mono.just("failed")).block(Duration.ofSeconds(10))).isEqualTo("failed");
        assertThat(replicaB.run("job-x", Mono.just("after failure")).block(Duration.ofSeconds(10)))
                .isEqualTo("after failure");
    }

    @Test
    void differentJobsDoNotExcludeEachOther() {
        DatabaseUrl url = TestPostgres.freshDatabase();
        SingleRunner runner = new SingleRunner(factory(url));

        String nested = runner.run("job-a", runner.run("job-b", Mono.just("inner"))).block(Duration.ofSeconds(10));

        assertThat(nested).isEqualTo("inner");
        assertThat(runner.run("job-a", runner.run("job-a", Mono.just("inner")).defaultIfEmpty("excluded"))
                .block(Duration.ofSeconds(10))).isEqualTo("excluded");
    }
}
