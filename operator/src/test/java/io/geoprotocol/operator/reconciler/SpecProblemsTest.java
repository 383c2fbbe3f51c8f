package io.geoprotocol.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.SecretKeyRef;
import io.geoprotocol.operator.reconciler.SpecProblems.Area;
import org.junit.jupiter.api.Test;

class SpecProblemsTest {

    @Test
    void minimalHubHasNoProblems() {
        assertThat(SpecProblems.of(HubFixtures.minimal("hub")).all()).isEmpty();
    }

    @Test
    void hostAndUrlSecretTogetherBlockTheHubWithAFixItMessage() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getDatabase().setUrlSecret(new SecretKeyRef("url", null));

        SpecProblems problems = SpecProblems.of(hub);

        assertThat(problems.blocks(Area.HUB)).isTrue();
        assertThat(problems.all()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("InvalidDatabase");
            assertThat(p.message()).contains("keep only one");
        });
    }

    @Test
    void backupWithoutTargetBlocksOnlyBackups() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getBackup().setEnabled(true);

        SpecProblems problems = SpecProblems.of(hub);

        assertThat(problems.blockedAreas()).containsExactly(Area.BACKUP);
        assertThat(problems.all().get(0).message()).contains("spec.backup.target");
    }

    @Test
    void ingressWithoutHostAndOverlongNamesAreReported() {
        GeoHub hub = HubFixtures.minimal("a-very-long-geohub-name-that-breaks-job-names");
        hub.getSpec().getIngress().setEnabled(true);

        assertThat(SpecProblems.of(hub).blockedAreas()).containsExactlyInAnyOrder(Area.HUB, Area.INGRESS);
    }

    @Test
    void lastBackupReadsTheCronJobStatus() {
        var succeeded = new CronJobStatusBuilder()
                .withLastScheduleTime("2025-11-29T03:00:00Z")
                .withLastSuccessfulTime("2025-11-29T03:01:10Z")
                .build();
        var failedSince = new CronJobStatusBuilder()
                .withLastScheduleTime("2025-11-30T03:00:00Z")
                .withLastSuccessfulTime("2025-11-29T03:01:10Z")
                .build();

        assertThat(Backups.lastBackup(succeeded).getResult()).isEqualTo("Succeeded");
        assertThat(Backups.lastBackup(succeeded).getTime()).isEqualTo("2025-11-29T03:01:10Z");
        assertThat(Backups.lastBackup(failedSince).getResult()).isEqualTo("Failed");
        assertThat(Backups.lastBackup(new CronJobStatusBuilder().build())).isNull();
    }
}
