package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** Limits voluntary evictions of hub pods during drains and upgrades. */
@ValidationRule(
        value = "!(has(self.minAvailable) && has(self.maxUnavailable))",
        message = "set at most one of podDisruptionBudget.minAvailable or podDisruptionBudget.maxUnavailable")
public class PodDisruptionBudgetSpec {

    @JsonPropertyDescription("Create the PodDisruptionBudget. Default: true.")
    private Boolean enabled = true;

    @JsonPropertyDescription("Pods (or percentage) that must stay available. Default: none.")
    private IntOrString minAvailable;

    @JsonPropertyDescription("Pods (or percentage) that may be down. Default: 1 when minAvailable is not set.")
    private IntOrString maxUnavailable;

    public boolean active() {
        return !Boolean.FALSE.equals(enabled);
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public IntOrString getMinAvailable() {
        return minAvailable;
    }

    public void setMinAvailable(IntOrString minAvailable) {
        this.minAvailable = minAvailable;
    }

    public IntOrString getMaxUnavailable() {
        return maxUnavailable;
    }

    public void setMaxUnavailable(IntOrString maxUnavailable) {
        this.maxUnavailable = maxUnavailable;
    }
}
