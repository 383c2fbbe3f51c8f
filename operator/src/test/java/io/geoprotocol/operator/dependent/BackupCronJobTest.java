package io.geoprotocol.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.GeoHub;
import org.junit.jupiter.api.Test;

class BackupCronJobTest {

    @Test
    void pvcTargetDumpsAndPrunesByCountInOnePostgresContainer() {
        GeoHub hub = withBackup(pvc("geo-backups"));

        PodSpec pod = pod(hub);
        Container dump = pod.getContainers().get(0);

        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(dump.getImage()).isEqualTo(BackupSpec.DEFAULT_IMAGE);
        assertThat(script(dump)).contains("pg_dump -Fc -f \"/backup/.partial-$file\"")
                .contains("sort -r | tail -n +8")
                .doesNotContain("aws ");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("geo-backups"));
        assertThat(dump.getEnv()).extracting(EnvVar::getName).contains("PGHOST", "PGUSER", "PGPASSWORD");
        assertThat(script(dump)).doesNotContain("s3cret").doesNotContain("password");
    }

    @Test
    void pvcTargetWithDaysPrunesByAge() {
        BackupSpec.Target target = pvc("geo-backups");
        GeoHub hub = withBackup(target);
        hub.getSpec().getBackup().getRetention().setDays(14);

        assertThat(script(pod(hub).getContainers().get(0)))
                .contains("-mtime +14 -print -delete")
                .doesNotContain("tail -n");
    }

    @Test
    void s3TargetDumpsInInitContainerAndUploadsWithAwsCli() {
        BackupSpec.S3Target s3 = new BackupSpec.S3Target();
        s3.setBucket("geo-backups");
        s3.setEndpoint("https://minio.example.com");
        s3.setCredentialsSecret("s3-creds");
        BackupSpec.Target target = new BackupSpec.Target();
        target.setS3(s3);
        GeoHub hub = withBackup(target);
        hub.getSpec().getBackup().getRetention().setCount(3);

        PodSpec pod = pod(hub);
        Container upload = pod.getContainers().get(0);

        assertThat(script(pod.getInitContainers().get(0))).contains("pg_dump -Fc");
        assertThat(upload.getImage()).isEqualTo(BackupSpec.DEFAULT_S3_IMAGE);
        assertThat(script(upload)).contains("aws $ep s3 cp").contains("tail -n +4 /tmp/dumps")
                .contains("aws $ep s3 rm");
        assertThat(upload.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("AWS_SECRET_ACCESS_KEY");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds");
        });
        assertThat(upload.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("S3_PREFIX");
            assertThat(e.getValue()).isEqualTo("geo-hub/geo/hub/");
        });
    }

    @Test
    void urlSecretDatabaseIsDumpedThroughTheUrlInLibpqForm() {
        GeoHub hub = HubFixtures.withUrlSecret("hub");
        hub.getSpec().setBackup(new BackupSpec());
        hub.getSpec().getBackup().setEnabled(true);
        hub.getSpec().getBackup().setTarget(pvc("b"));

        Container dump = pod(hub).getContainers().get(0);

        assertThat(script(dump)).contains("pg_dump -Fc -d").contains("sed 's/^postgresql+[a-z]*:/postgresql:/'");
        assertThat(dump.getEnv()).extracting(EnvVar::getName).containsExactly("DATABASE_URL");
    }

    private static GeoHub withBackup(BackupSpec.Target target) {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getBackup().setEnabled(true);
        hub.getSpec().getBackup().setTarget(target);
        return hub;
    }

    private static BackupSpec.Target pvc(String claim) {
        BackupSpec.PvcTarget pvc = new BackupSpec.PvcTarget();
        pvc.setClaimName(claim);
        BackupSpec.Target target = new BackupSpec.Target();
        target.setPvc(pvc);
        return target;
    }

    private static PodSpec pod(GeoHub hub) {
        return BackupCronJob.desired(hub).getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    }

    private static String script(Container container) {
        assertThat(container.getCommand()).containsExactly("/bin/sh", "-c");
        return container.getArgs().get(0);
    }
}
