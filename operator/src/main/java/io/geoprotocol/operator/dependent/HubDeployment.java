package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hub Deployment: serving pods that roll when the image, settings or secrets change. */
public final class HubDeployment {

    public static final String CHECKSUM_CONFIG = "checksum/config";
    public static final String CHECKSUM_SECRET = "checksum/secret";

    private HubDeployment() {
    }

    /**
     * @param configChecksum checksum of the hub ConfigMap
     * @param secretChecksum checksum of every Secret value the hub reads
     */
    public static Deployment desired(GeoHub hub, String configChecksum, String secretChecksum) {
        GeoHubSpec spec = hub.getSpec();
        Map<String, String> labels = HubResources.labels(hub, "hub");
        labels.put(HubResources.LABEL_VERSION, spec.getImage().getTag());

        return new DeploymentBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.hubName(hub), "hub"))
                .editMetadata().addToLabels(HubResources.LABEL_VERSION, spec.getImage().getTag()).endMetadata()
                .withNewSpec()
                    .withReplicas(spec.getReplicas() == null ? 2 : spec.getReplicas())
                    .withRevisionHistoryLimit(5)
                    .withNewSelector().withMatchLabels(HubResources.selectorLabels(hub)).endSelector()
                    .withNewStrategy()
                        .withType("RollingUpdate")
                        // Keep full capacity during a rollout: new pods must be ready before old ones go.
                        .withNewRollingUpdate()
                            .withMaxSurge(new IntOrString("25%"))
                            .withMaxUnavailable(new IntOrString(0))
                        .endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(podLabels(hub, labels))
                            .withAnnotations(podAnnotations(hub, configChecksum, secretChecksum))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withSecurityContext(HubPod.podSecurityContext())
                            .withImagePullSecrets(HubPod.pullSecrets(hub))
                            .withContainers(container(hub))
                            .withVolumes(HubPod.tmpVolume())
                            .withNodeSelector(spec.getNodeSelector())
                            .withTolerations(spec.getTolerations())
                            .withAffinity(spec.getAffinity())
                            .withTerminationGracePeriodSeconds(30L)
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    static Container container(GeoHub hub) {
        return new ContainerBuilder(HubPod.container(hub, List.of()))
                .addNewPort()
                    .withName(HubResources.HUB_PORT_NAME)
                    .withContainerPort(HubResources.HUB_PORT)
                    .withProtocol("TCP")
                .endPort()
                .withStartupProbe(probe("/healthz", 2, 60))
                .withLivenessProbe(probe("/healthz", 10, 3))
                // Readiness follows the database: a pod that cannot reach PostgreSQL gets no traffic.
                .withReadinessProbe(probe("/health/db", 5, 3))
                .build();
    }

    static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                    .withPath(path)
                    .withPort(new IntOrString(HubResources.HUB_PORT_NAME))
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    /** User labels first, so they can never replace the selector labels. */
    static Map<String, String> podLabels(GeoHub hub, Map<String, String> ours) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (hub.getSpec().getPodLabels() != null) {
            labels.putAll(hub.getSpec().getPodLabels());
        }
        labels.putAll(ours);
        return labels;
    }

    static Map<String, String> podAnnotations(GeoHub hub, String configChecksum, String secretChecksum) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("prometheus.io/scrape", "true");
        annotations.put("prometheus.io/port", String.valueOf(HubResources.HUB_PORT));
        annotations.put("prometheus.io/path", "/metrics");
        if (hub.getSpec().getPodAnnotations() != null) {
            annotations.putAll(hub.getSpec().getPodAnnotations());
        }
        annotations.put(CHECKSUM_CONFIG, configChecksum);
        annotations.put(CHECKSUM_SECRET, secretChecksum);
        return annotations;
    }
}
