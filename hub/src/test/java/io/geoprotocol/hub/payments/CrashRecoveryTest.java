package io.geoprotocol.hub.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.database.Migrations;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubProcess;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import io.geoprotocol.hub.support.TestPostgres;
import io.r2dbc.spi.ConnectionFactories;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Kills the hub process with SIGKILL in the middle of a payment load, restarts it, and checks that
 * every payment ended COMMITTED or ABORTED, no reservation survived, and every participant's net
 * position equals exactly what its committed payments say: no money created or lost.
 */
class CrashRecoveryTest {

    private static final String JWT_SECRET = "crash-test-jwt-secret-0123456789abcdef0123456789";

    @Test
    void killedHubLeavesNoMoneyCreatedOrLostAndNoCapacityLockedAfterRestart() throws Exception {
        DatabaseUrl url = TestPostgres.freshDatabase();
        Migrations.apply(url);
        DatabaseClient db = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + url.user() + "@"
                + url.host() + ":" + url.port() + "/" + url.database()));
        Map<String, String> env = Map.of(
                "DATABASE_URL", TestPostgres.asEnvironmentUrl(url),
                "JWT_SECRET", JWT_SECRET,
                "ADMIN_TOKEN", "crash-test-admin-token-0123456789",
                "PAYMENT_TIMEOUT_SECONDS", "2",
                "CLEANUP_EXPIRED_LOCKS_SECONDS", "1",
                "LOG_LEVEL", "WARN");
        TokenService tokens = new TokenService(HubSettings.load(env::get), Clock.systemUTC());

        TestCommunity community = new TestCommunity(db, tokens);
        String eq = community.equivalent(2);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(community.member("Member " + i));
        }
        for (Member x : members) {
            for (Member y : members) {
                if (x != y) {
                    community.trustLine(x, y, eq, "500.00");
                }
            }
        }

        Path log = HubProcess.logFile("crash-recovery").toPath();
        HubProcess first = HubProcess.start(env, log);
        AtomicInteger answered = new AtomicInteger();
        Disposable load = paymentLoad(first.baseUrl(), members, eq, answered);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= 40);
        first.kill();
        load.dispose();

        long unfinishedAtCrash = count(db, "SELECT count(*) AS n FROM transactions "
                + "WHERE state NOT IN ('COMMITTED', 'ABORTED')");
        System.out.printf("crash: answered=%d unfinished_at_crash=%d reservations_at_crash=%d%n", answered.get(),
                unfinishedAtCrash, count(db, "SELECT count(*) AS n FROM payment_reservations"));

        try (HubProcess second = HubProcess.start(env, log)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    count(db, "SELECT count(*) AS n FROM transactions WHERE state NOT IN ('COMMITTED', 'ABORTED')")
                            == 0
                            && count(db, "SELECT count(*) AS n FROM payment_reservations") == 0);

            assertNetPositionsMatchCommittedPayments(db, eq, members);
            assertThat(count(db, """
                    SELECT count(*) AS n FROM debts d LEFT JOIN trust_lines t
                      ON t.from_pid = d.creditor AND t.to_pid = d.debtor AND t.equivalent = d.equivalent
                    WHERE t.id IS NULL OR d.amount > t.credit_limit""")).isZero();
            assertThat(count(db, """
                    SELECT count(*) AS n FROM debts a JOIN debts b
                      ON a.debtor = b.creditor AND a.creditor = b.debtor AND a.equivalent = b.equivalent""")).isZero();

            // The restarted hub still serves payments on the same data.
            Member payer = members.get(0);
            Integer status = WebClient.create(second.baseUrl()).post().uri("/api/v1/payments")
                    .header("Authorization", payer.bearer())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Payments.body(payer, Payments.newTxId(), members.get(1), eq, "1.00", null))
                    .exchangeToMono(r -> Mono.just(r.statusCode().value()))
                    .block(Duration.ofSeconds(30));
            assertThat(status).isEqualTo(200);
            assertNetPositionsMatchCommittedPayments(db, eq, members);
        }
    }

    private static Disposable paymentLoad(String baseUrl, List<Member> members, String eq, AtomicInteger answered) {
        WebClient web = WebClient.create(baseUrl);
        Random random = new Random(42);
        return Flux.range(0, 100_000)
                .flatMap(i -> {
                    Member payer;
                    Member payee;
                    synchronized (random) {
                        payer = members.get(random.nextInt(members.size()));
                        do {
                            payee = members.get(random.nextInt(members.size()));
                        } while (payee == payer);
                    }
                    String amount = (1 + i % 9) + ".00";
                    return web.post().uri("/api/v1/payments")
                            .header("Authorization", payer.bearer())
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Payments.body(payer, Payments.newTxId(), payee, eq, amount, null))
                            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                            .doOnNext(s -> answered.incrementAndGet())
                            .onErrorResume(e -> Mono.empty());
                }, 16)
                .subscribe();
    }

    private static void assertNetPositionsMatchCommittedPayments(DatabaseClient db, String eq, List<Member> members) {
        Map<String, BigDecimal> expected = new HashMap<>();
        db.sql("SELECT initiator, counterparty, amount FROM transactions "
                        + "WHERE type = 'PAYMENT' AND state = 'COMMITTED' AND equivalent = :eq")
                .bind("eq", eq)
                .map((row, meta) -> {
                    BigDecimal amount = row.get("amount", BigDecimal.class);
                    expected.merge(row.get("initiator", String.class), amount.negate(), BigDecimal::add);
                    expected.merge(row.get("counterparty", String.class), amount, BigDecimal::add);
                    return 1;
                })
                .all().then().block();

        for (Member m : members) {
            BigDecimal net = db.sql("SELECT coalesce(sum(CASE WHEN creditor = :p THEN amount ELSE -amount END), 0) "
                            + "AS net FROM debts WHERE equivalent = :eq AND (creditor = :p OR debtor = :p)")
                    .bind("p", m.pid())
                    .bind("eq", eq)
                    .map((row, meta) -> row.get("net", BigDecimal.class))
                    .one().block();
            assertThat(net).as("net position of %s", m.name())
                    .isEqualByComparingTo(expected.getOrDefault(m.pid(), BigDecimal.ZERO));
        }
    }

    private static long count(DatabaseClient db, String sql) {
        return db.sql(sql).map((row, meta) -> row.get("n", Long.class)).one().block();
    }
}
