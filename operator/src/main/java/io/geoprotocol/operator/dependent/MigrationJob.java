package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.geoprotocol.operator.crd.GeoHub;
import java.util.List;
import java.util.Optional;

/**
 * The Job that runs the hub image's `migrate` command. Its name carries a hash of the image, so
 * each version migrates once; the Deployment only moves to an image whose Job succeeded.
 */
public final class MigrationJob {

    public static final String IMAGE_ANNOTATION = "geoprotocol.io/image";

    /** Where a migration stands, read from the Job's status. */
    public enum State { RUNNING, SUCCEEDED, FAILED }

    private MigrationJob() {
    }

    public static Job desired(GeoHub hub) {
        return new JobBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.migrationJobName(hub), "migration"))
                .editMetadata()
                    .addToAnnotations(IMAGE_ANNOTATION, hub.getSpec().getImage().reference())
                .endMetadata()
                .withNewSpec()
                    // Migrations are transactional; a few retries cover a database that is briefly away.
                    .withBackoffLimit(3)
                    .withActiveDeadlineSeconds(1800L)
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(HubResources.labels(hub, "migration"))
                        .endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withAutomountServiceAccountToken(false)
                            .withSecurityContext(HubPod.podSecurityContext())
                            .withImagePullSecrets(HubPod.pullSecrets(hub))
                            .withContainers(HubPod.container(hub, List.of("migrate")))
                            .withVolumes(HubPod.tmpVolume())
                            .withNodeSelector(hub.getSpec().getNodeSelector())
                            .withTolerations(hub.getSpec().getTolerations())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    public static State state(Job job) {
        Optional<String> finished = Optional.ofNullable(job.getStatus())
                .map(s -> s.getConditions())
                .flatMap(conditions -> conditions.stream()
                        .filter(c -> "True".equals(c.getStatus()))
                        .map(c -> c.getType())
                        .filter(t -> "Complete".equals(t) || "Failed".equals(t))
                        .findFirst());
        if (finished.isPresent()) {
            return "Complete".equals(finished.get()) ? State.SUCCEEDED : State.FAILED;
        }

        // Older clusters may report success only through the counter.
        Integer succeeded = job.getStatus() == null ? null : job.getStatus().getSucceeded();
        return succeeded != null && succeeded > 0 ? State.SUCCEEDED : State.RUNNING;
    }
}
