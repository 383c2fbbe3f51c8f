package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.MonitoringSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Prometheus Operator ServiceMonitor for the hub's /metrics. Built as a generic resource so the
 * operator does not depend on the Prometheus Operator's Java model.
 */
public final class HubServiceMonitor {

    public static final String API_VERSION = "monitoring.coreos.com/v1";
    public static final String KIND = "ServiceMonitor";
    public static final String CRD = "servicemonitors.monitoring.coreos.com";

    private HubServiceMonitor() {
    }

    public static GenericKubernetesResource desired(GeoHub hub) {
        MonitoringSpec.ServiceMonitor spec = hub.getSpec().getMonitoring().getServiceMonitor();
        Map<String, Object> endpoint = Map.of(
                "port", HubResources.HUB_PORT_NAME,
                "path", "/metrics",
                "interval", Objects.requireNonNullElse(spec.getInterval(), "30s"));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withMetadata(metadata(hub))
                .addToAdditionalProperties("spec", Map.of(
                        "selector", Map.of("matchLabels", HubResources.labels(hub, "hub")),
                        "endpoints", List.of(endpoint)))
                .build();
    }

    /**
     * Metadata of both monitoring objects: the user's labels (a Prometheus may select on them),
     * then the operator's, which always win so the objects stay recognisably managed.
     */
    static ObjectMeta metadata(GeoHub hub) {
        ObjectMeta meta = HubResources.metadata(hub, HubResources.hubName(hub), "monitoring");
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> extra = hub.getSpec().getMonitoring().getLabels();
        if (extra != null) {
            labels.putAll(extra);
        }
        labels.putAll(meta.getLabels());
        meta.setLabels(labels);
        return meta;
    }
}
