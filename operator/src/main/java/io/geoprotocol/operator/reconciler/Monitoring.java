package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubStatusAggregator;
import io.geoprotocol.operator.crd.MonitoringSpec;
import io.geoprotocol.operator.dependent.HubPrometheusRule;
import io.geoprotocol.operator.dependent.HubResources;
import io.geoprotocol.operator.dependent.HubServiceMonitor;
import java.util.ArrayList;
import java.util.List;

/**
 * ServiceMonitor and PrometheusRule, created only where the Prometheus Operator's CRDs exist.
 * Without them the MonitoringAvailable condition says so and everything else goes on.
 */
final class Monitoring {

    private final KubernetesClient client;
    private final ResourceApplier applier;

    Monitoring(KubernetesClient client, ResourceApplier applier) {
        this.client = client;
        this.applier = applier;
    }

    void reconcile(GeoHub hub, GeoHubStatusAggregator status) {
        MonitoringSpec spec = hub.getSpec().getMonitoring();
        boolean wantMonitor = spec != null && spec.serviceMonitorOn();
        boolean wantRule = spec != null && spec.prometheusRuleOn();
        boolean haveMonitor = MonitoringTypes.installed(client, HubServiceMonitor.CRD);
        boolean haveRule = MonitoringTypes.installed(client, HubPrometheusRule.CRD);
        String namespace = hub.getMetadata().getNamespace();
        String name = HubResources.hubName(hub);

        List<String> missing = new ArrayList<>();
        if (wantMonitor && haveMonitor) {
            applier.apply(HubServiceMonitor.desired(hub), MonitoringTypes.SERVICE_MONITOR);
        } else if (wantMonitor) {
            missing.add(HubServiceMonitor.CRD);
        } else if (haveMonitor) {
            applier.deleteIfPresent(MonitoringTypes.SERVICE_MONITOR, namespace, name);
        }
        if (wantRule && haveRule) {
            applier.apply(HubPrometheusRule.desired(hub), MonitoringTypes.PROMETHEUS_RULE);
        } else if (wantRule) {
            missing.add(HubPrometheusRule.CRD);
        } else if (haveRule) {
            applier.deleteIfPresent(MonitoringTypes.PROMETHEUS_RULE, namespace, name);
        }

        if (!wantMonitor && !wantRule) {
            return;
        }
        if (missing.isEmpty()) {
            status.monitoring(true, "MonitoringConfigured", "ServiceMonitor/PrometheusRule applied as requested.");
        } else {
            status.monitoring(false, "PrometheusOperatorMissing", "CRD " + String.join(" and ", missing)
                    + " is not installed, so monitoring objects were skipped; the hub itself is unaffected. "
                    + "Install the Prometheus Operator, or turn spec.monitoring off.");
        }
    }
}
