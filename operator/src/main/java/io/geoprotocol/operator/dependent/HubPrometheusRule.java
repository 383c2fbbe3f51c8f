package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.geoprotocol.operator.crd.GeoHub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's alert rules as a Prometheus Operator PrometheusRule: the deployment document's three
 * alerts plus integrity alerts. Every hub metric is filtered to this hub's namespace and Service,
 * which are the labels a ServiceMonitor scrape attaches, so two hubs never alert for each other.
 */
public final class HubPrometheusRule {

    public static final String API_VERSION = "monitoring.coreos.com/v1";
    public static final String KIND = "PrometheusRule";
    public static final String CRD = "prometheusrules.monitoring.coreos.com";

    private HubPrometheusRule() {
    }

    /** One alert rule, kept as data so tests can read the expressions. */
    public record Alert(String name, String expr, String forDuration, String severity, String summary) {

        Map<String, Object> toMap() {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("alert", name);
            rule.put("expr", expr);
            rule.put("for", forDuration);
            rule.put("labels", Map.of("severity", severity));
            rule.put("annotations", Map.of("summary", summary));
            return rule;
        }
    }

    public static GenericKubernetesResource desired(GeoHub hub) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "geo-hub." + hub.getMetadata().getNamespace() + "." + hub.getMetadata().getName());
        group.put("rules", alerts(hub).stream().map(Alert::toMap).toList());
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withMetadata(HubServiceMonitor.metadata(hub))
                .addToAdditionalProperties("spec", Map.of("groups", List.of(group)))
                .build();
    }

    public static List<Alert> alerts(GeoHub hub) {
        String sel = "namespace=\"" + hub.getMetadata().getNamespace() + "\",service=\""
                + HubResources.hubName(hub) + "\"";
        String payments = sel + ",path=~\"/api/v1/payments.*\"";
        return List.of(
                new Alert("HighErrorRate",
                        "sum(rate(geo_http_requests_total{" + sel + ",status=~\"5..\"}[5m]))"
                                + " / sum(rate(geo_http_requests_total{" + sel + "}[5m])) > 0.01",
                        "5m", "critical", "High error rate detected"),
                new Alert("PaymentLatencyHigh",
                        "histogram_quantile(0.99, sum by (le) (rate(geo_http_request_duration_seconds_bucket{"
                                + payments + "}[5m]))) > 5",
                        "5m", "warning", "Payment latency p99 > 5s"),
                // Comes from a PostgreSQL exporter, not from the hub; it stays silent without one.
                new Alert("DatabaseConnectionsHigh", "pg_stat_activity_count > 80",
                        "5m", "warning", "Database connections > 80%"),
                new Alert("DatabasePoolSaturated",
                        "max(r2dbc_pool_acquired_connections{" + sel + "} / r2dbc_pool_max_allocated_connections{"
                                + sel + "}) > 0.9",
                        "5m", "warning", "Hub database pool > 90% in use; raise DB_POOL_SIZE or find slow queries"),
                new Alert("DatabasePoolWaiting", "max(r2dbc_pool_pending_connections{" + sel + "}) > 0",
                        "5m", "warning", "Requests are waiting for a database connection"),
                new Alert("IntegrityCheckFailing", "min(geo_integrity_status{" + sel + "}) < 1",
                        "1m", "critical", "An integrity invariant is violated; run check-integrity"),
                new Alert("ZeroSumViolated", "max(abs(geo_zero_sum_balance{" + sel + "})) > 0",
                        "1m", "critical", "Net balances of an equivalent no longer sum to zero"),
                new Alert("TrustLimitViolations", "max(geo_trust_limit_violations_current{" + sel + "}) > 0",
                        "1m", "critical", "A debt exceeds its trust line limit"),
                new Alert("IntegrityCheckpointStale", "max(geo_last_checkpoint_age_seconds{" + sel + "}) > 3600",
                        "10m", "warning", "No integrity checkpoint for over an hour"));
    }
}
