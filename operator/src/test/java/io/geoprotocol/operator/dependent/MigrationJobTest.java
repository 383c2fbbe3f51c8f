package io.geoprotocol.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.GeoHub;
import org.junit.jupiter.api.Test;

class MigrationJobTest {

    @Test
    void jobNameChangesWithTheImageAndOnlyWithIt() {
        GeoHub hub = HubFixtures.minimal("hub");
        String first = MigrationJob.desired(hub).getMetadata().getName();
        hub.getSpec().getSettings().setMaxPaymentHops(3);
        String sameImage = MigrationJob.desired(hub).getMetadata().getName();
        hub.getSpec().getImage().setTag("0.2.0");
        String newImage = MigrationJob.desired(hub).getMetadata().getName();

        assertThat(first).startsWith("hub-migrate-").hasSize("hub-migrate-".length() + 8);
        assertThat(sameImage).isEqualTo(first);
        assertThat(newImage).isNotEqualTo(first);
    }

    @Test
    void jobRunsMigrateOnceWithTheHubImage() {
        Job job = MigrationJob.desired(HubFixtures.minimal("hub"));

        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getContainers().get(0).getArgs()).containsExactly("migrate");
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo("ghcr.io/geo-protocol/geo-hub:0.1.0");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @Test
    void stateFollowsJobConditions() {
        Job job = MigrationJob.desired(HubFixtures.minimal("hub"));
        assertThat(MigrationJob.state(job)).isEqualTo(MigrationJob.State.RUNNING);

        job.setStatus(new JobStatusBuilder()
                .withConditions(new JobConditionBuilder().withType("Failed").withStatus("True").build()).build());
        assertThat(MigrationJob.state(job)).isEqualTo(MigrationJob.State.FAILED);

        job.setStatus(new JobStatusBuilder()
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
        assertThat(MigrationJob.state(job)).isEqualTo(MigrationJob.State.SUCCEEDED);
    }

    @Test
    void clearingCronJobRunsClearingRunInTheConfiguredMode() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getClearing().setSuspend(true);

        var cronJob = ClearingCronJob.desired(hub);

        assertThat(cronJob.getSpec().getSchedule()).isEqualTo("*/5 * * * *");
        assertThat(cronJob.getSpec().getSuspend()).isTrue();
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getArgs()).containsExactly("clearing-run");
    }
}
