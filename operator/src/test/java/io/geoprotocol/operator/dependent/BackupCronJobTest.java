package io.geoprotocol.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.GeoHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void pruningByCountInASharedVolumeKeepsTheNewestDumpsAndNeverTouchesAnotherHubs(@TempDir Path dir)
            throws Exception {
        GeoHub hub = withBackup(pvc("shared"));
        hub.getSpec().getBackup().getRetention().setCount(2);
        for (String name : List.of("geo-hub-hub-20250101T030000Z.dump", "geo-hub-hub-20250102T030000Z.dump",
                "geo-hub-hub-20250103T030000Z.dump", "geo-hub-hub-2-20250101T030000Z.dump",
                "geo-hub-hub-before-upgrade.dump", "notes.txt")) {
            Files.writeString(dir.resolve(name), "x");
        }

        String script = BackupCronJob.prunePvcScript(hub, hub.getSpec().getBackup().getRetention());
        run(script.replace(BackupCronJob.WORK_DIR, dir.toString()), dir, Map.of());

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "geo-hub-hub-20250102T030000Z.dump", "geo-hub-hub-20250103T030000Z.dump",
                    "geo-hub-hub-2-20250101T030000Z.dump", "geo-hub-hub-before-upgrade.dump", "notes.txt");
        }
    }

    @Test
    void pruningByAgeInABucketDeletesOnlyThisHubsOldDumps(@TempDir Path dir) throws Exception {
        GeoHub hub = withBackup(pvc("unused"));
        hub.getSpec().getBackup().getRetention().setDays(30);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String old = "geo-hub-hub-" + stamp(now.minusDays(40)) + ".dump";
        String justTooOld = "geo-hub-hub-" + stamp(now.minusDays(31)) + ".dump";
        String recent = "geo-hub-hub-" + stamp(now.minusDays(2)) + ".dump";
        String otherHub = "geo-hub-hub-2-" + stamp(now.minusDays(40)) + ".dump";
        List<String> listing = new ArrayList<>();
        for (String name : List.of(old, justTooOld, recent, otherHub, "geo-hub-hub-manual.dump")) {
            listing.add("2025-01-01 03:00:00       1234 " + name);
        }
        Files.writeString(dir.resolve("listing"), String.join("\n", listing) + "\n");
        Files.writeString(dir.resolve(".latest"), recent + "\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // Plays the aws CLI: lists the bucket from a file and records what it is asked to delete.
        Files.writeString(bin.resolve("aws"), """
                #!/bin/sh
                case "$*" in
                  "s3 ls "*) cat "$FAKE_DIR/listing" ;;
                  "s3 rm "*) echo "$3" >> "$FAKE_DIR/removed" ;;
                esac
                """);
        Files.setPosixFilePermissions(bin.resolve("aws"), PosixFilePermissions.fromString("rwxr-xr-x"));

        String script = BackupCronJob.uploadS3Script(hub, hub.getSpec().getBackup().getRetention())
                .replace("/tmp/", dir + "/")
                .replace(BackupCronJob.WORK_DIR + "/", dir + "/");
        run(script, dir, Map.of("PATH", bin + ":" + System.getenv("PATH"), "FAKE_DIR", dir.toString(),
                "S3_BUCKET", "geo-backups", "S3_PREFIX", "geo-hub/geo/hub/"));

        assertThat(Files.readAllLines(dir.resolve("removed"))).containsExactlyInAnyOrder(
                "s3://geo-backups/geo-hub/geo/hub/" + old, "s3://geo-backups/geo-hub/geo/hub/" + justTooOld);
    }

    private static String stamp(ZonedDateTime time) {
        return time.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    }

    private static void run(String script, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        sh.environment().putAll(env);
        Process process = sh.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("script output: %s", output).isZero();
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
