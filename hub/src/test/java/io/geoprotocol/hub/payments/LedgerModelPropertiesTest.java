package io.geoprotocol.hub.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.GeoHubApplication;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.Ledger;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import io.geoprotocol.hub.support.TestPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random sequences of limit changes and payments among four participants, run against the real
 * hub and, side by side, against a plain model of debts. After every step the database must equal
 * the model, and every invariant must hold: debts within limits, no pair owing both ways, net
 * positions matching committed payments, nothing reserved.
 */
class LedgerModelPropertiesTest {

    private static final int MEMBERS = 4;
    private static ConfigurableApplicationContext hub;
    private static WebClient web;
    private static DatabaseClient db;
    private static TokenService tokens;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeContainer
    static void startHub() {
        hub = new SpringApplicationBuilder(GeoHubApplication.class)
                .properties(
                        "DATABASE_URL=" + TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase()),
                        "JWT_SECRET=property-test-jwt-secret-0123456789abcdef0123",
                        "ADMIN_TOKEN=property-test-admin-token-0123456789",
                        "PORT=0",
                        "DB_POOL_SIZE=5")
                // application.yml pins server.port to PORT or 8000; only an argument outranks it.
                .run("--server.port=0");
        int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
        web = WebClient.create("http://localhost:" + port);
        db = hub.getBean(DatabaseClient.class);
        tokens = hub.getBean(TokenService.class);
    }

    @AfterContainer
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    sealed interface Step permits Pay, SetLimit {
    }

    record Pay(int payer, int payee, int cents) implements Step {
    }

    record SetLimit(int from, int to, int cents) implements Step {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> member = Arbitraries.integers().between(0, MEMBERS - 1);
        Arbitrary<Step> pay = Combinators.combine(member, member, Arbitraries.integers().between(1, 6000))
                .filter((p, q, c) -> !p.equals(q))
                .as(Pay::new);
        Arbitrary<Step> limit = Combinators.combine(member, member, Arbitraries.integers().between(0, 8000))
                .filter((p, q, c) -> !p.equals(q))
                .as(SetLimit::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, pay),
                        net.jqwik.api.Tuple.of(1, limit))
                .list().ofMinSize(5).ofMaxSize(25);
    }

    @Property(tries = 12, seed = "20261203")
    void ledgerFollowsThePlainModelOfDebtsAfterEveryStep(@ForAll("steps") List<Step> steps) {
        TestCommunity community = new TestCommunity(db, tokens);
        Ledger ledger = new Ledger(db);
        String eq = community.equivalent(2);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(community.member("M" + i));
        }
        Map<String, UUID> lines = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        Map<String, BigDecimal> model = new HashMap<>();
        for (int i = 0; i < MEMBERS; i++) {
            for (int j = 0; j < MEMBERS; j++) {
                if (i != j) {
                    lines.put(i + ">" + j, community.trustLine(members.get(i), members.get(j), eq, "30.00"));
                    limits.put(i + ">" + j, new BigDecimal("30.00"));
                }
            }
        }
        // The model knows payments only: keep triggered clearing off these lines.
        db.sql("UPDATE trust_lines SET auto_clearing = FALSE WHERE equivalent = :eq")
                .bind("eq", eq)
                .fetch().rowsUpdated().block();

        for (Step step : steps) {
            if (step instanceof Pay pay) {
                applyPayment(pay, members, eq, model, limits);
            } else {
                applyLimit((SetLimit) step, members, lines, limits, model);
            }

            assertMatchesModel(ledger, eq, members, model);
            assertThat(ledger.limitViolations(eq)).isEmpty();
            assertThat(ledger.mutualDebts(eq)).isEmpty();
            assertThat(ledger.reservations(eq)).isZero();
        }
    }

    private void applyPayment(Pay pay, List<Member> members, String eq, Map<String, BigDecimal> model,
            Map<String, BigDecimal> limits) {
        Member payer = members.get(pay.payer());
        BigDecimal amount = BigDecimal.valueOf(pay.cents(), 2);
        JsonNode result = web.post().uri("/api/v1/payments")
                .header("Authorization", payer.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Payments.body(payer, Payments.newTxId(), members.get(pay.payee()), eq,
                        amount.toPlainString(), null))
                .exchangeToMono(r -> r.bodyToMono(String.class))
                .map(JSON::readTree)
                .block(Duration.ofSeconds(30));

        if (!"COMMITTED".equals(result.path("status").asString())) {
            assertThat(result.path("error").path("code").asString()).isIn("E001", "E002");
            return;
        }

        BigDecimal routed = BigDecimal.ZERO;
        for (JsonNode route : result.path("routes")) {
            BigDecimal part = new BigDecimal(route.path("amount").asString());
            routed = routed.add(part);
            List<Integer> path = new ArrayList<>();
            route.path("path").forEach(pid -> path.add(indexOf(members, pid.asString())));
            for (int k = 0; k + 1 < path.size(); k++) {
                payInModel(model, path.get(k), path.get(k + 1), part);
            }
        }
        assertThat(routed).isEqualByComparingTo(amount);
        model.forEach((key, debt) -> {
            String[] pair = key.split(">");
            assertThat(debt).as("model debt %s within limit", key)
                    .isLessThanOrEqualTo(limits.get(pair[1] + ">" + pair[0]));
        });
    }

    /** The SPEC's rule: paying V first cancels what V owes U; only the rest becomes U's debt. */
    private static void payInModel(Map<String, BigDecimal> model, int u, int v, BigDecimal amount) {
        BigDecimal owedBack = model.getOrDefault(v + ">" + u, BigDecimal.ZERO);
        BigDecimal offset = owedBack.min(amount);
        model.put(v + ">" + u, owedBack.subtract(offset));
        model.merge(u + ">" + v, amount.subtract(offset), BigDecimal::add);
    }

    private void applyLimit(SetLimit change, List<Member> members, Map<String, UUID> lines,
            Map<String, BigDecimal> limits, Map<String, BigDecimal> model) {
        Member owner = members.get(change.from());
        UUID id = lines.get(change.from() + ">" + change.to());
        BigDecimal limit = BigDecimal.valueOf(change.cents(), 2);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("id", id.toString());
        payload.put("limit", limit.toPlainString());
        ObjectNode body = payload.deepCopy();
        body.put("signature", owner.sign(payload));

        int status = web.patch().uri("/api/v1/trustlines/" + id)
                .header("Authorization", owner.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(r -> Mono.just(r.statusCode().value()))
                .block(Duration.ofSeconds(30));

        BigDecimal debt = model.getOrDefault(change.to() + ">" + change.from(), BigDecimal.ZERO);
        if (limit.compareTo(debt) < 0) {
            assertThat(status).as("limit below debt is refused").isEqualTo(400);
        } else {
            assertThat(status).isEqualTo(200);
            limits.put(change.from() + ">" + change.to(), limit);
        }
    }

    private static void assertMatchesModel(Ledger ledger, String eq, List<Member> members,
            Map<String, BigDecimal> model) {
        for (int i = 0; i < MEMBERS; i++) {
            for (int j = 0; j < MEMBERS; j++) {
                if (i != j) {
                    assertThat(ledger.debt(members.get(i), members.get(j), eq))
                            .as("debt %d>%d", i, j)
                            .isEqualByComparingTo(model.getOrDefault(i + ">" + j, BigDecimal.ZERO));
                }
            }
        }
    }

    private static int indexOf(List<Member> members, String pid) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).pid().equals(pid)) {
                return i;
            }
        }
        throw new AssertionError("Route names a stranger " + pid);
    }
}
