package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.geoprotocol.operator.crd.ClearingSpec;
import io.geoprotocol.operator.crd.GeoHub;
import java.util.List;
import java.util.Objects;

/** The CronJob that runs one `clearing-run` pass of the hub image per schedule tick. */
public final class ClearingCronJob {

    private ClearingCronJob() {
    }

    public static CronJob desired(GeoHub hub) {
        ClearingSpec clearing = Objects.requireNonNullElseGet(hub.getSpec().getClearing(), ClearingSpec::new);
        return new CronJobBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.clearingCronJobName(hub), "clearing"))
                .withNewSpec()
                    .withSchedule(Objects.requireNonNullElse(clearing.getSchedule(), "*/5 * * * *"))
                    .withSuspend(Boolean.TRUE.equals(clearing.getSuspend()))
                    // Two passes at once would only contend for the same debts.
                    .withConcurrencyPolicy("Forbid")
                    .withStartingDeadlineSeconds(120L)
                    .withSuccessfulJobsHistoryLimit(1)
                    .withFailedJobsHistoryLimit(3)
                    .withNewJobTemplate()
                        .withNewMetadata().withLabels(HubResources.labels(hub, "clearing")).endMetadata()
                        .withNewSpec()
                            .withBackoffLimit(1)
                            .withNewTemplate()
                                .withNewMetadata().withLabels(HubResources.labels(hub, "clearing")).endMetadata()
                                .withNewSpec()
                                    .withRestartPolicy("Never")
                                    .withAutomountServiceAccountToken(false)
                                    .withSecurityContext(HubPod.podSecurityContext())
                                    .withImagePullSecrets(HubPod.pullSecrets(hub))
                                    .withContainers(HubPod.container(hub, List.of("clearing-run")))
                                    .withVolumes(HubPod.tmpVolume())
                                    .withNodeSelector(hub.getSpec().getNodeSelector())
                                    .withTolerations(hub.getSpec().getTolerations())
                                .endSpec()
                            .endTemplate()
                        .endSpec()
                    .endJobTemplate()
                .endSpec()
                .build();
    }
}
