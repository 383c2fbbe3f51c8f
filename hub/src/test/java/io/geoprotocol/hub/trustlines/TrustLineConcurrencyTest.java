package io.geoprotocol.hub.trustlines;

import static io.geoprotocol.hub.trustlines.TrustLineRequests.createBody;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

class TrustLineConcurrencyTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    TrustLineRepository lines;

    TestCommunity community;
    TrustLineRequests api;
    Member alice;
    Member bob;
    String uah;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
        api = new TrustLineRequests(client, db);
        alice = community.member("Alice");
        bob = community.member("Bob");
        uah = community.equivalent(2);
    }

    @RepeatedTest(3)
    void ofConcurrentCreatesOfTheSameLineExactlyOneSucceeds() {
        int racers = 6;
        List<ObjectNode> bodies = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            bodies.add(createBody(alice, bob.pid(), uah, String.valueOf(100 + i), null));
        }

        List<Integer> statuses = Flux.fromIterable(bodies)
                .flatMap(body -> webClient().post().uri("/api/v1/trustlines")
                        .header("Authorization", alice.bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body.toString())
                        .exchangeToMono(response -> Mono.just(response.statusCode().value())), racers)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(statuses).hasSize(racers);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(racers - 1);
        assertThat(liveLines()).isEqualTo(1);
    }

    /**
     * A payment that holds the line lock and raises the debt must be seen by a limit change
     * waiting on the same lock: lowering the limit below the new debt is refused.
     */
    @Test
    void limitChangeWaitsForAPaymentHoldingTheLineAndSeesItsDebt() throws Exception {
        UUID id = api.open(alice, bob, uah, "100");
        CountDownLatch locked = new CountDownLatch(1);

        CompletableFuture<Void> payment = lines.lock(id)
                .doOnNext(line -> locked.countDown())
                .then(db.sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES (:d, :c, :e, 80)")
                        .bind("d", bob.pid())
                        .bind("c", alice.pid())
                        .bind("e", uah)
                        .then())
                .then(Mono.delay(Duration.ofMillis(1500)))
                .as(tx::transactional)
                .then()
                .subscribeOn(Schedulers.boundedElastic())
                .toFuture();
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        api.update(alice, id, updateBody(alice, id, "50", null))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("E003")
                .jsonPath("$.error.details.used").isEqualTo("80.00");

        payment.get(10, TimeUnit.SECONDS);
        assertThat(limit(id)).isEqualByComparingTo("100");
    }

    private org.springframework.web.reactive.function.client.WebClient webClient() {
        return org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port);
    }

    private long liveLines() {
        return db.sql("SELECT count(*) AS n FROM trust_lines WHERE from_pid = :f AND to_pid = :t"
                        + " AND equivalent = :e AND status <> 'closed'")
                .bind("f", alice.pid())
                .bind("t", bob.pid())
                .bind("e", uah)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private BigDecimal limit(UUID id) {
        return db.sql("SELECT credit_limit FROM trust_lines WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("credit_limit", BigDecimal.class))
                .one()
                .block();
    }
}
