package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.PodDisruptionBudgetSpec;

/** Keeps drains from taking down more hub pods than the spec allows. */
public final class HubPodDisruptionBudget {

    private HubPodDisruptionBudget() {
    }

    public static PodDisruptionBudget desired(GeoHub hub) {
        PodDisruptionBudgetSpec spec = hub.getSpec().getPodDisruptionBudget();
        IntOrString minAvailable = spec == null ? null : spec.getMinAvailable();
        IntOrString maxUnavailable = spec == null ? null : spec.getMaxUnavailable();
        if (minAvailable == null && maxUnavailable == null) {
            maxUnavailable = new IntOrString(1);
        }
        return new PodDisruptionBudgetBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.hubName(hub), "hub"))
                .withNewSpec()
                    .withNewSelector().withMatchLabels(HubResources.selectorLabels(hub)).endSelector()
                    .withMinAvailable(minAvailable)
                    .withMaxUnavailable(maxUnavailable)
                .endSpec()
                .build();
    }
}
