package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One status condition, in the shape `kubectl wait --for=condition=Ready` understands. */
public class GeoHubCondition {

    /** Hub is serving: migrated, and the wanted number of pods is ready. */
    public static final String READY = "Ready";
    /** The migration Job for the current image succeeded. */
    public static final String MIGRATED = "Migrated";
    /** Something is moving towards the spec: a migration or a rollout. */
    public static final String PROGRESSING = "Progressing";
    /** Something needs a person: invalid spec, failed migration, missing Secret, image pull errors. */
    public static final String DEGRADED = "Degraded";
    /** Whether requested ServiceMonitor/PrometheusRule objects could be created. */
    public static final String MONITORING = "MonitoringAvailable";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    @JsonPropertyDescription("Condition type: Ready, Migrated, Progressing, Degraded or MonitoringAvailable.")
    private String type;

    @JsonPropertyDescription("True, False or Unknown.")
    private String status;

    @JsonPropertyDescription("CamelCase reason for the last transition.")
    private String reason;

    @JsonPropertyDescription("What happened and, where something is wrong, what to do about it.")
    private String message;

    @JsonPropertyDescription("When status last changed (RFC 3339).")
    private String lastTransitionTime;

    @JsonPropertyDescription("metadata.generation this condition was computed from.")
    private Long observedGeneration;

    public GeoHubCondition() {
    }

    public GeoHubCondition(String type, String status, String reason, String message) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    /** Same type, status, reason and message: the transition time and generation are ignored. */
    public boolean sameStateAs(GeoHubCondition other) {
        return other != null
                && Objects.equals(type, other.type)
                && Objects.equals(status, other.status)
                && Objects.equals(reason, other.reason)
                && Objects.equals(message, other.message);
    }

    public boolean statusTrue() {
        return TRUE.equals(status);
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GeoHubCondition other)) {
            return false;
        }
        return sameStateAs(other)
                && Objects.equals(lastTransitionTime, other.lastTransitionTime)
                && Objects.equals(observedGeneration, other.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ")";
    }
}
