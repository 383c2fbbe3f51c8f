package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.geoprotocol.operator.dependent.HubPrometheusRule;
import io.geoprotocol.operator.dependent.HubServiceMonitor;

/** The Prometheus Operator types, and whether this cluster has them installed. */
final class MonitoringTypes {

    static final ResourceDefinitionContext SERVICE_MONITOR = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com")
            .withVersion("v1")
            .withKind(HubServiceMonitor.KIND)
            .withPlural("servicemonitors")
            .withNamespaced(true)
            .build();

    static final ResourceDefinitionContext PROMETHEUS_RULE = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com")
            .withVersion("v1")
            .withKind(HubPrometheusRule.KIND)
            .withPlural("prometheusrules")
            .withNamespaced(true)
            .build();

    private MonitoringTypes() {
    }

    /** Looks the CRD up by name; the operator's ClusterRole may read exactly these two CRDs. */
    static boolean installed(KubernetesClient client, String crdName) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName(crdName)
                .get();
        return crd != null;
    }
}
