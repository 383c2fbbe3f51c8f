package io.geoprotocol.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** Scrapes {@code /metrics} after real traffic and checks the series the dashboards and alerts query. */
class MetricsScrapeTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Test
    void documentedSeriesExistAfterTrafficWithRouteTemplatesNotIds() {
        TestCommunity community = new TestCommunity(db, tokens);
        String eq = community.equivalent(2);
        var alice = community.member("Alice");
        var bob = community.member("Bob");
        var carol = community.member("Carol");
        community.trustLine(bob, alice, eq, "100");

        String txId = Payments.newTxId();
        Payments.post(client, alice, Payments.body(alice, txId, bob, eq, "10", null)).expectStatus().isOk();
        Payments.pay(client, alice, carol, eq, "5").expectStatus().isBadRequest();
        client.get().uri("/api/v1/payments/" + txId).header("Authorization", alice.bearer())
                .exchange().expectStatus().isOk();
        client.get().uri("/api/v1/payments/" + Payments.newTxId()).exchange().expectStatus().isUnauthorized();

        String text = scrape();
        List<String> lines = Arrays.asList(text.split("\n"));

        assertThat(lines).anyMatch(l -> l.startsWith("geo_http_requests_total{")
                && l.contains("method=\"POST\"") && l.contains("path=\"/api/v1/payments\"")
                && l.contains("status=\"200\""));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_http_requests_total{")
                && l.contains("path=\"/api/v1/payments/{tx_id}\"") && l.contains("status=\"200\""));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_http_requests_total{")
                && l.contains("path=\"/api/v1/payments/{tx_id}\"") && l.contains("status=\"401\""));
        assertThat(lines).noneMatch(l -> l.startsWith("geo_http_requests_total{") && l.contains(txId));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_http_request_duration_seconds_bucket{")
                && l.contains("path=\"/api/v1/payments\"") && l.contains("le=\"0.5\""));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_http_request_duration_seconds_bucket{")
                && l.contains("le=\"+Inf\""));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_http_request_duration_seconds_count{"));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_payment_events_total{")
                && l.contains("event=\"commit\"") && l.contains("result=\"success\""));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_payment_events_total{")
                && l.contains("event=\"abort\"") && l.contains("result=\"no_route\""));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_routing_failures_total{reason=\"no_route\"}"));
        assertThat(lines).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));
        assertThat(lines).anyMatch(l -> l.startsWith("r2dbc_pool_"));
    }

    @Test
    void clearingAndRecoveryCountersAreScrapedUnderTheirDocumentedNames(@Autowired HubMetrics metrics) {
        metrics.clearingEvent("execute", "success");
        metrics.recoveryEvent("recovery_pass", "success");

        List<String> lines = Arrays.asList(scrape().split("\n"));

        assertThat(lines).anyMatch(l -> l.startsWith("geo_clearing_events_total{")
                && l.contains("event=\"execute\"") && l.contains("result=\"success\""));
        assertThat(lines).anyMatch(l -> l.startsWith("geo_recovery_events_total{"));
    }

    @Test
    void unmatchedPathsShareOneFixedLabelValueInBothHttpSeries() {
        String probe = "scan-" + java.util.UUID.randomUUID();
        for (String path : List.of("/" + probe, "/" + probe + "/admin.php", "/api/v1/" + probe,
                "/wp-login.php?x=" + probe)) {
            client.get().uri(path).exchange().expectStatus().value(s -> assertThat(s).isIn(401, 404));
        }

        List<String> http = Arrays.stream(scrape().split("\n"))
                .filter(l -> l.startsWith("geo_http_requests_total{") || l.startsWith("http_server_requests"))
                .toList();

        assertThat(http).noneMatch(l -> l.contains(probe));
        assertThat(http).noneMatch(l -> l.contains("/**"));
        assertThat(http).anyMatch(l -> l.startsWith("geo_http_requests_total{") && l.contains("method=\"GET\"")
                && l.contains("path=\"" + RouteTemplates.UNMATCHED + "\"") && l.contains("status=\"404\""));
        assertThat(http).anyMatch(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("uri=\"" + RouteTemplates.UNMATCHED + "\"") && l.contains("status=\"404\""));
    }

    private String scrape() {
        return client.get().uri("/metrics").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
