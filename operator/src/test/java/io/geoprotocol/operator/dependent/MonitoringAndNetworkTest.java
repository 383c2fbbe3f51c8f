package io.geoprotocol.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.GeoHub;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MonitoringAndNetworkTest {

    /** The hub's documented metrics, plus the PostgreSQL exporter's connection count. */
    private static final Set<String> KNOWN_METRICS = Set.of(
            "geo_http_requests_total",
            "geo_http_request_duration_seconds_bucket",
            "pg_stat_activity_count",
            "geo_integrity_status",
            "geo_zero_sum_balance",
            "geo_trust_limit_violations_current",
            "geo_last_checkpoint_age_seconds",
            "r2dbc_pool_acquired_connections",
            "r2dbc_pool_max_allocated_connections",
            "r2dbc_pool_pending_connections");

    private static final Pattern METRIC = Pattern.compile("\\b(geo_[a-z_]+|pg_[a-z_]+|r2dbc_[a-z_]+)\\b");

    @Test
    void alertRulesReferenceOnlyKnownMetricsAndCoverTheDocumentedAlerts() {
        List<HubPrometheusRule.Alert> alerts = HubPrometheusRule.alerts(HubFixtures.minimal("hub"));

        assertThat(alerts).extracting(HubPrometheusRule.Alert::name)
                .contains("HighErrorRate", "PaymentLatencyHigh", "DatabaseConnectionsHigh", "IntegrityCheckFailing",
                        "ZeroSumViolated");
        for (HubPrometheusRule.Alert alert : alerts) {
            Matcher m = METRIC.matcher(alert.expr());
            assertThat(m.find()).as("%s names a metric", alert.name()).isTrue();
            do {
                assertThat(KNOWN_METRICS).as("metric in %s", alert.name()).contains(m.group(1));
            } while (m.find());
        }
        assertThat(alerts).filteredOn(a -> a.expr().contains("geo_"))
                .allSatisfy(a -> assertThat(a.expr()).contains("namespace=\"geo\",service=\"hub\""));
    }

    @Test
    void prometheusRuleAndServiceMonitorAreMonitoringCoreosV1() {
        GeoHub hub = HubFixtures.minimal("hub");

        assertThat(HubPrometheusRule.desired(hub).getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        var monitor = HubServiceMonitor.desired(hub);
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        @SuppressWarnings("unchecked")
        var spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        assertThat(spec.get("endpoints").toString()).contains("/metrics").contains("30s");
    }

    @Test
    void monitoringLabelsLetPrometheusSelectBothObjectsButNeverReplaceTheOperatorsLabels() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getMonitoring().setLabels(Map.of(
                "release", "kube-prometheus-stack",
                "app.kubernetes.io/managed-by", "someone-else"));

        for (var object : List.of(HubServiceMonitor.desired(hub), HubPrometheusRule.desired(hub))) {
            assertThat(object.getMetadata().getLabels())
                    .as(object.getKind())
                    .containsEntry("release", "kube-prometheus-stack")
                    .containsEntry("app.kubernetes.io/managed-by", "geo-hub-operator")
                    .containsEntry("app.kubernetes.io/component", "monitoring");
        }
    }

    @Test
    void ingressIsWebSocketFriendlyAndUserAnnotationsWin() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getIngress().setEnabled(true);
        hub.getSpec().getIngress().setHost("hub.example.com");
        hub.getSpec().getIngress().setTlsSecret("hub-tls");
        hub.getSpec().getIngress().getAnnotations().put("nginx.ingress.kubernetes.io/proxy-send-timeout", "60");

        Ingress ingress = HubIngress.desired(hub);

        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "86400")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "60");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("hub-tls");
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getPort().getNumber()).isEqualTo(8000);
        assertThat(HubIngress.url(hub)).isEqualTo("https://hub.example.com");
    }

    @Test
    void serviceTargetsTheNamedHubPortAndDisruptionBudgetDefaultsToOneUnavailable() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getService().setPort(80);

        var service = HubService.desired(hub);
        var pdb = HubPodDisruptionBudget.desired(hub);

        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(service.getSpec().getSelector()).isEqualTo(HubResources.selectorLabels(hub));
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
    }

    @Test
    void generatedAuthValuesAreRandomAndLongEnough() {
        var random = new java.security.SecureRandom();
        var first = AuthSecret.desired(HubFixtures.minimal("hub"), random);
        var second = AuthSecret.desired(HubFixtures.minimal("hub"), random);

        String jwt = new String(java.util.Base64.getDecoder().decode(first.getData().get("JWT_SECRET")));
        assertThat(jwt.length()).isGreaterThanOrEqualTo(32);
        assertThat(first.getData().get("JWT_SECRET")).isNotEqualTo(second.getData().get("JWT_SECRET"));
        assertThat(first.getMetadata().getName()).isEqualTo("hub-auth");
    }
}
