package io.geoprotocol.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.DebtFixtures;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric the shipped Grafana dashboard and alert rules query is exported by a running hub
 * once it has served requests, made a payment, cleared a cycle and checked integrity. The
 * dashboard and rules are read from {@code docs/}, the files the Helm charts copy.
 */
class QueriedMetricsExportedTest extends HubIntegrationTest {

    /** Rule groups that read a PostgreSQL exporter's metrics, not the hub's. */
    private static final Set<String> EXPORTER_GROUPS = Set.of("geo-hub-postgres-exporter");

    private static final Path DOCS = Path.of("..", "docs");

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    JsonMapper json;

    @Test
    void everyMetricTheDashboardQueriesIsScrapedFromTheHub() throws IOException {
        Set<String> exported = exportedAfterTraffic();

        Set<String> queried = new TreeSet<>();
        for (String expr : dashboardQueries()) {
            queried.addAll(PromQl.metricNames(expr));
        }

        assertThat(queried).as("metrics queried by the dashboard").hasSizeGreaterThan(10);
        assertThat(exported).as("metrics scraped from /metrics").containsAll(queried);
    }

    @Test
    void everyMetricTheAlertRulesReadIsScrapedFromTheHub() throws IOException {
        Set<String> exported = exportedAfterTraffic();

        Set<String> queried = new TreeSet<>();
        for (String expr : hubAlertExpressions()) {
            queried.addAll(PromQl.metricNames(expr));
        }

        assertThat(queried).as("metrics read by the alert rules").contains("geo_integrity_status");
        assertThat(exported).as("metrics scraped from /metrics").containsAll(queried);
    }

    private Set<String> exportedAfterTraffic() {
        TestCommunity community = new TestCommunity(db, tokens);
        DebtFixtures debts = new DebtFixtures(db, community);
        String eq = community.equivalent(2);
        Member alice = community.member("Alice");
        Member bob = community.member("Bob");
        Member carol = community.member("Carol");

        community.trustLine(bob, alice, eq, "100");
        Payments.post(client, alice, Payments.body(alice, Payments.newTxId(), bob, eq, "10", null))
                .expectStatus().isOk();
        Payments.pay(client, carol, alice, eq, "5").expectStatus().isBadRequest();
        client.get().uri("/api/v1/no-such-path").header("Authorization", alice.bearer())
                .exchange().expectStatus().isNotFound();

        debts.owes(bob, carol, eq, "3.00", "50");
        debts.owes(carol, alice, eq, "4.00", "50");
        client.post().uri("/api/v1/clearing/auto?equivalent=" + eq)
                .header("Authorization", alice.bearer())
                .exchange()
                .expectStatus().isOk();
        client.post().uri("/api/v1/integrity/verify")
                .header("Authorization", alice.bearer())
                .exchange()
                .expectStatus().isOk();

        String scrape = client.get().uri("/metrics").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return scrape.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = json.readTree(Files.readString(DOCS.resolve("grafana/geo-hub-dashboard.json")));
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String definition = variable.path("definition").asString("");
            if (!definition.isEmpty()) {
                exprs.add(definition.replaceAll("^label_values\\((.*),\\s*\\w+\\)$", "$1"));
            }
        }
        return exprs;
    }

    @SuppressWarnings("unchecked")
    private List<String> hubAlertExpressions() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(DOCS.resolve("alerts/geo-hub-rules.yml")));
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            if (EXPORTER_GROUPS.contains(group.get("name"))) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                exprs.add(String.valueOf(rule.get("expr")));
            }
        }
        return exprs;
    }
}
