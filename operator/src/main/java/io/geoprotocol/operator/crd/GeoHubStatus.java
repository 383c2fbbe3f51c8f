package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the operator observed; built only by {@link GeoHubStatusAggregator}. */
public class GeoHubStatus {

    /** The outcome of the most recent backup run the CronJob reports. */
    public static class LastBackup {

        @JsonPropertyDescription("When the last successful backup finished (RFC 3339).")
        private String time;

        @JsonPropertyDescription("Result of the most recent run: Succeeded, Failed or Running.")
        private String result;

        public LastBackup() {
        }

        public LastBackup(String time, String result) {
            this.time = time;
            this.result = result;
        }

        public String getTime() {
            return time;
        }

        public void setTime(String time) {
            this.time = time;
        }

        public String getResult() {
            return result;
        }

        public void setResult(String result) {
            this.result = result;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LastBackup other
                    && Objects.equals(time, other.time)
                    && Objects.equals(result, other.result);
        }

        @Override
        public int hashCode() {
            return Objects.hash(time, result);
        }
    }

    /** Where clients reach the hub. */
    public static class Endpoints {

        @JsonPropertyDescription("In-cluster URL of the hub Service.")
        private String service;

        @JsonPropertyDescription("Public URL through the Ingress, when enabled.")
        private String ingress;

        public Endpoints() {
        }

        public Endpoints(String service, String ingress) {
            this.service = service;
            this.ingress = ingress;
        }

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getIngress() {
            return ingress;
        }

        public void setIngress(String ingress) {
            this.ingress = ingress;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Endpoints other
                    && Objects.equals(service, other.service)
                    && Objects.equals(ingress, other.ingress);
        }

        @Override
        public int hashCode() {
            return Objects.hash(service, ingress);
        }
    }

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready, Migrated, Progressing, Degraded and (when monitoring is requested) "
            + "MonitoringAvailable.")
    private List<GeoHubCondition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Hub pods passing their readiness probe.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Image tag whose migration Job succeeded; the version the pods run.")
    private String migratedVersion;

    @JsonPropertyDescription("Last backup time and result, when backups are enabled.")
    private LastBackup lastBackup;

    @JsonPropertyDescription("Service and Ingress URLs.")
    private Endpoints endpoints;

    public Optional<GeoHubCondition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<GeoHubCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<GeoHubCondition> conditions) {
        this.conditions = conditions;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getMigratedVersion() {
        return migratedVersion;
    }

    public void setMigratedVersion(String migratedVersion) {
        this.migratedVersion = migratedVersion;
    }

    public LastBackup getLastBackup() {
        return lastBackup;
    }

    public void setLastBackup(LastBackup lastBackup) {
        this.lastBackup = lastBackup;
    }

    public Endpoints getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeoHubStatus other
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(readyReplicas, other.readyReplicas)
                && Objects.equals(migratedVersion, other.migratedVersion)
                && Objects.equals(lastBackup, other.lastBackup)
                && Objects.equals(endpoints, other.endpoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, readyReplicas, migratedVersion, lastBackup, endpoints);
    }
}
