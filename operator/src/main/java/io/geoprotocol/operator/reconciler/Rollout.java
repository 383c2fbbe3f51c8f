package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubStatusAggregator;
import io.geoprotocol.operator.dependent.ClearingCronJob;
import io.geoprotocol.operator.dependent.HubDeployment;
import io.geoprotocol.operator.dependent.HubResources;
import io.geoprotocol.operator.dependent.MigrationJob;
import java.util.Map;
import java.util.Objects;

/**
 * Migrate first, then roll out: the migration Job for the spec's image must succeed before the
 * Deployment (and the clearing CronJob, which runs the same code) moves to that image. Until then
 * the running pods keep their old image, which the previous migration already matched.
 */
final class Rollout {

    private final KubernetesClient client;
    private final ResourceApplier applier;

    Rollout(KubernetesClient client, ResourceApplier applier) {
        this.client = client;
        this.applier = applier;
    }

    /** Runs or observes the migration; returns true when the spec's image is migrated. */
    boolean migrate(GeoHub hub, GeoHubStatusAggregator status) {
        String namespace = hub.getMetadata().getNamespace();
        String jobName = HubResources.migrationJobName(hub);
        String version = hub.getSpec().getImage().getTag();
        Job job = applier.get(Job.class, namespace, jobName).orElse(null);

        // A Job removed after success (by hand or a TTL controller) must not run the migration again.
        if (job == null && version.equals(status.previousMigratedVersion().orElse(null))) {
            status.migrated(true, "MigrationSucceeded", "Version " + version + " was migrated earlier.");
            return true;
        }
        if (job == null) {
            job = applier.createIfAbsent(MigrationJob.desired(hub));
        }

        switch (MigrationJob.state(job)) {
            case SUCCEEDED -> {
                status.migrated(true, "MigrationSucceeded",
                        "Job " + jobName + " migrated the database to version " + version + ".");
                status.migratedVersion(version);
                pruneOldMigrationJobs(hub, jobName);
                return true;
            }
            case FAILED -> {
                String message = "Migration Job " + jobName + " failed for version " + version
                        + "; pods stay on the previous version. Read `kubectl logs -n " + namespace + " job/"
                        + jobName + "`, fix the cause, then delete the Job to retry.";
                status.migrated(false, "MigrationFailed", message);
                status.problem("MigrationFailed", message);
                return false;
            }
            default -> {
                status.migrated(false, "MigrationRunning", "Job " + jobName + " is migrating the database to version "
                        + version + "; the rollout waits for it.");
                reportStuckPods(hub, Map.of("job-name", jobName), status);
                return false;
            }
        }
    }

    /** Applies the Deployment and clearing CronJob when migrated; returns the Deployment as it now is. */
    Deployment rollOut(GeoHub hub, boolean migrated, String configChecksum, String secretChecksum) {
        String namespace = hub.getMetadata().getNamespace();
        if (!migrated) {
            return applier.get(Deployment.class, namespace, HubResources.hubName(hub)).orElse(null);
        }
        applier.apply(ClearingCronJob.desired(hub));
        return applier.apply(HubDeployment.desired(hub, configChecksum, secretChecksum));
    }

    /** Ready, Progressing and readyReplicas from the Deployment's own status. */
    void observe(GeoHub hub, Deployment deployment, boolean migrated, GeoHubStatusAggregator status) {
        if (deployment == null) {
            status.readyReplicas(0);
            status.ready(false, migrated ? "DeploymentMissing" : "WaitingForMigration",
                    migrated ? "The hub Deployment is being created." : "The hub starts once the migration succeeds.");
            status.progressing(true, "Migrating", "Waiting for the migration before the first rollout.");
            return;
        }

        int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        DeploymentStatus observed = Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
        int ready = Objects.requireNonNullElse(observed.getReadyReplicas(), 0);
        int updated = Objects.requireNonNullElse(observed.getUpdatedReplicas(), 0);
        int available = Objects.requireNonNullElse(observed.getAvailableReplicas(), 0);
        long seen = Objects.requireNonNullElse(observed.getObservedGeneration(), 0L);
        boolean current = seen >= Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
        boolean rolledOut = current && updated >= wanted && available >= wanted;
        boolean serving = available > 0 && minimumAvailable(observed);
        status.readyReplicas(ready);

        if (rolledOut && migrated) {
            status.ready(true, "AllReplicasReady", ready + "/" + wanted + " hub pods ready on version "
                    + hub.getSpec().getImage().getTag() + ".");
            status.progressing(false, "RolloutComplete", "Nothing to do.");
        } else if (!migrated) {
            status.ready(serving, serving ? "PreviousVersionServing" : "WaitingForMigration",
                    ready + "/" + wanted + " hub pods ready on the previous version while the migration is pending.");
            status.progressing(true, "Migrating", "Rollout waits for the migration of version "
                    + hub.getSpec().getImage().getTag() + ".");
        } else {
            // Pods of the old and the new spec both serve during a rolling update; the hub is Ready as
            // long as the Deployment keeps its minimum availability, so alerts on Ready do not page on
            // every configuration change.
            status.ready(serving, serving ? "RollingOutServing" : "RollingOut", ready + "/" + wanted
                    + " hub pods ready, " + updated + " updated to the current spec.");
            status.progressing(true, "RollingOut", "Deployment " + deployment.getMetadata().getName()
                    + " is rolling out.");
        }
        if (!rolledOut) {
            reportStuckPods(hub, HubResources.selectorLabels(hub), status);
        }
    }

    /** The Deployment controller's own verdict: at least replicas minus maxUnavailable pods are available. */
    private static boolean minimumAvailable(DeploymentStatus observed) {
        return observed.getConditions() != null && observed.getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void reportStuckPods(GeoHub hub, Map<String, String> labels, GeoHubStatusAggregator status) {
        PodProblems.find(client, hub.getMetadata().getNamespace(), labels).ifPresent(stuck -> {
            String what = stuck.imagePull() ? "ImagePullFailed" : stuck.reason();
            status.problem(what, "Pod " + stuck.pod() + " is stuck in " + stuck.reason()
                    + (stuck.imagePull() ? "; check spec.image and spec.image.pullSecrets." : ".")
                    + (stuck.message() == null ? "" : " Kubelet: " + stuck.message()));
        });
    }

    /** Old versions' Jobs only clutter `kubectl get jobs`; their pods go with them. */
    private void pruneOldMigrationJobs(GeoHub hub, String currentJob) {
        JobList jobs = client.batch().v1().jobs().inNamespace(hub.getMetadata().getNamespace())
                .withLabels(HubResources.labels(hub, "migration"))
                .list();
        jobs.getItems().stream()
                .filter(j -> !currentJob.equals(j.getMetadata().getName()))
                .forEach(j -> client.resource(j).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
    }
}
