package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelectorBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.DatabaseSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.SecretKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The backup CronJob: `pg_dump -Fc` of the hub database, then retention pruning, either on a
 * PersistentVolumeClaim or in an S3-compatible bucket.
 *
 * <p>For a PVC one postgres container dumps and prunes. For S3 an init container dumps into an
 * emptyDir and an aws CLI container uploads and prunes, so neither image needs the other tool.
 * Dumps are named {@code geo-hub-<name>-<UTC timestamp>.dump}; the timestamp sorts by age, which
 * is what both count and age based pruning rely on.
 */
public final class BackupCronJob {

    static final String WORK_DIR = "/backup";
    static final String WORK_VOLUME = "backup";

    private BackupCronJob() {
    }

    public static CronJob desired(GeoHub hub) {
        BackupSpec backup = hub.getSpec().getBackup();
        PodSpec pod = backup.getTarget().getS3() != null ? s3Pod(hub, backup) : pvcPod(hub, backup);
        return new CronJobBuilder()
                .withMetadata(HubResources.metadata(hub, HubResources.backupCronJobName(hub), "backup"))
                .withNewSpec()
                    .withSchedule(Objects.requireNonNullElse(backup.getSchedule(), "0 3 * * *"))
                    .withConcurrencyPolicy("Forbid")
                    .withStartingDeadlineSeconds(600L)
                    .withSuccessfulJobsHistoryLimit(3)
                    .withFailedJobsHistoryLimit(3)
                    .withNewJobTemplate()
                        .withNewMetadata().withLabels(HubResources.labels(hub, "backup")).endMetadata()
                        .withNewSpec()
                            .withBackoffLimit(2)
                            .withNewTemplate()
                                .withNewMetadata().withLabels(HubResources.labels(hub, "backup")).endMetadata()
                                .withSpec(pod)
                            .endTemplate()
                        .endSpec()
                    .endJobTemplate()
                .endSpec()
                .build();
    }

    static PodSpec pvcPod(GeoHub hub, BackupSpec backup) {
        String script = dumpScript(hub) + "\n" + prunePvcScript(hub, backup.getRetention());
        Container dump = container("dump", backup.getImage(), BackupSpec.DEFAULT_IMAGE, script, pgEnv(hub));
        return basePod(hub)
                .withContainers(dump)
                .addToVolumes(new VolumeBuilder()
                        .withName(WORK_VOLUME)
                        .withNewPersistentVolumeClaim(backup.getTarget().getPvc().getClaimName(), false)
                        .build())
                .build();
    }

    static PodSpec s3Pod(GeoHub hub, BackupSpec backup) {
        BackupSpec.S3Target s3 = backup.getTarget().getS3();
        Container dump = container("dump", backup.getImage(), BackupSpec.DEFAULT_IMAGE, dumpScript(hub), pgEnv(hub));

        List<EnvVar> awsEnv = new ArrayList<>();
        awsEnv.add(secretEnv("AWS_ACCESS_KEY_ID", new SecretKeyRef(s3.getCredentialsSecret(), "AWS_ACCESS_KEY_ID")));
        awsEnv.add(secretEnv("AWS_SECRET_ACCESS_KEY",
                new SecretKeyRef(s3.getCredentialsSecret(), "AWS_SECRET_ACCESS_KEY")));
        awsEnv.add(env("AWS_DEFAULT_REGION", Objects.requireNonNullElse(s3.getRegion(), "us-east-1")));
        // The aws CLI writes its cache under $HOME; /tmp is the only writable place.
        awsEnv.add(env("HOME", "/tmp"));
        awsEnv.add(env("S3_BUCKET", s3.getBucket()));
        awsEnv.add(env("S3_PREFIX", s3Prefix(hub, s3)));
        if (s3.getEndpoint() != null) {
            awsEnv.add(env("S3_ENDPOINT", s3.getEndpoint()));
        }
        Container upload = container("upload", backup.getS3Image(), BackupSpec.DEFAULT_S3_IMAGE,
                uploadS3Script(hub, backup.getRetention()), awsEnv);

        return basePod(hub)
                .withInitContainers(dump)
                .withContainers(upload)
                .addToVolumes(new VolumeBuilder().withName(WORK_VOLUME).withNewEmptyDir().endEmptyDir().build())
                .build();
    }

    /** Dump to a partial file and rename, so an interrupted run never looks like a backup. */
    static String dumpScript(GeoHub hub) {
        String prefix = filePrefix(hub);
        boolean fromUrl = hub.getSpec().getDatabase().getUrlSecret() != null;
        // The hub also accepts postgresql+asyncpg:// URLs; libpq only knows postgresql://.
        String libpqUrl = "$(printf '%s' \"$DATABASE_URL\" | sed 's/^postgresql+[a-z]*:/postgresql:/')";
        String target = fromUrl ? " -d \"" + libpqUrl + "\"" : "";
        return String.join("\n",
                "set -eu",
                "ts=$(date -u +%Y%m%dT%H%M%SZ)",
                "file=" + prefix + "${ts}.dump",
                "pg_dump -Fc" + target + " -f \"" + WORK_DIR + "/.partial-$file\"",
                "mv \"" + WORK_DIR + "/.partial-$file\" \"" + WORK_DIR + "/$file\"",
                "echo \"$file\" > " + WORK_DIR + "/.latest",
                "echo \"backup written: $file\"");
    }

    static String prunePvcScript(GeoHub hub, BackupSpec.Retention retention) {
        String glob = dumpGlob(hub);
        if (retention != null && retention.getDays() != null) {
            return "find " + WORK_DIR + " -maxdepth 1 -name '" + glob + "' -mtime +" + retention.getDays()
                    + " -print -delete";
        }
        return "ls -1 " + WORK_DIR + "/" + glob + " | sort -r | tail -n +" + (count(retention) + 1)
                + " | while read -r old; do echo \"pruning $old\"; rm -f -- \"$old\"; done";
    }

    static String uploadS3Script(GeoHub hub, BackupSpec.Retention retention) {
        String prefix = filePrefix(hub);
        List<String> lines = new ArrayList<>(List.of(
                "set -eu",
                "ep=\"\"; if [ -n \"${S3_ENDPOINT:-}\" ]; then ep=\"--endpoint-url $S3_ENDPOINT\"; fi",
                "file=$(cat " + WORK_DIR + "/.latest)",
                "aws $ep s3 cp \"" + WORK_DIR + "/$file\" \"s3://$S3_BUCKET/$S3_PREFIX$file\"",
                "echo \"backup uploaded: s3://$S3_BUCKET/$S3_PREFIX$file\"",
                "aws $ep s3 ls \"s3://$S3_BUCKET/$S3_PREFIX\" | awk '{print $4}' | grep -E '"
                        + dumpRegex(hub) + "' | sort -r > /tmp/dumps || true"));
        if (retention != null && retention.getDays() != null) {
            // Names carry the UTC timestamp, so "older than N days" is a string comparison.
            lines.add("cutoff=" + prefix + "$(date -u -d \"-" + retention.getDays() + " days\" +%Y%m%dT%H%M%SZ)");
            lines.add("awk -v c=\"$cutoff\" '$0 < c' /tmp/dumps > /tmp/prune");
        } else {
            lines.add("tail -n +" + (count(retention) + 1) + " /tmp/dumps > /tmp/prune");
        }
        lines.add("while read -r old; do aws $ep s3 rm \"s3://$S3_BUCKET/$S3_PREFIX$old\"; done < /tmp/prune");
        return String.join("\n", lines);
    }

    static String filePrefix(GeoHub hub) {
        return "geo-hub-" + hub.getMetadata().getName() + "-";
    }

    /**
     * This hub's dumps and nothing else: the timestamp is spelled out, so pruning hub "a" never
     * touches the dumps of hub "a-b" in a shared volume or prefix.
     */
    static String dumpGlob(GeoHub hub) {
        return filePrefix(hub) + "[0-9]".repeat(8) + "T" + "[0-9]".repeat(6) + "Z.dump";
    }

    static String dumpRegex(GeoHub hub) {
        return "^" + filePrefix(hub).replace(".", "\\.") + "[0-9]{8}T[0-9]{6}Z\\.dump$";
    }

    static String s3Prefix(GeoHub hub, BackupSpec.S3Target s3) {
        String prefix = s3.getPrefix() == null
                ? "geo-hub/" + hub.getMetadata().getNamespace() + "/" + hub.getMetadata().getName() + "/"
                : s3.getPrefix();
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    static int count(BackupSpec.Retention retention) {
        return retention == null || retention.getCount() == null
                ? BackupSpec.DEFAULT_RETENTION_COUNT : retention.getCount();
    }

    /** libpq reads PG* variables, so the password never appears on a command line. */
    static List<EnvVar> pgEnv(GeoHub hub) {
        DatabaseSpec db = hub.getSpec().getDatabase();
        if (db.getUrlSecret() != null) {
            SecretKeyRef url = db.getUrlSecret();
            return List.of(secretEnv("DATABASE_URL",
                    new SecretKeyRef(url.getName(), url.keyOr(DatabaseSpec.DEFAULT_URL_KEY))));
        }
        DatabaseSpec.Credentials c = db.getCredentials();
        String userKey = Objects.requireNonNullElse(c.getUserKey(), DatabaseSpec.Credentials.DEFAULT_USER_KEY);
        String passwordKey =
                Objects.requireNonNullElse(c.getPasswordKey(), DatabaseSpec.Credentials.DEFAULT_PASSWORD_KEY);
        return List.of(
                env("PGHOST", db.getHost()),
                env("PGPORT", String.valueOf(HubPod.port(db))),
                env("PGDATABASE", Objects.requireNonNullElse(db.getName(), "geo_hub")),
                env("PGSSLMODE", db.getSslMode() == null ? "prefer" : db.getSslMode().value()),
                secretEnv("PGUSER", new SecretKeyRef(c.getSecretName(), userKey)),
                secretEnv("PGPASSWORD", new SecretKeyRef(c.getSecretName(), passwordKey)));
    }

    private static PodSpecBuilder basePod(GeoHub hub) {
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(HubPod.podSecurityContext())
                .withNodeSelector(hub.getSpec().getNodeSelector())
                .withTolerations(hub.getSpec().getTolerations())
                .addToVolumes(HubPod.tmpVolume());
    }

    private static Container container(String name, String image, String defaultImage, String script,
            List<EnvVar> env) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(image == null || image.isBlank() ? defaultImage : image)
                .withCommand("/bin/sh", "-c")
                .withArgs(script)
                .withEnv(env)
                .withSecurityContext(HubPod.containerSecurityContext())
                .withVolumeMounts(
                        HubPod.tmpMount(),
                        new VolumeMountBuilder().withName(WORK_VOLUME).withMountPath(WORK_DIR).build())
                .withResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("50m"))
                        .addToRequests("memory", new Quantity("64Mi"))
                        .addToLimits("memory", new Quantity("512Mi"))
                        .build())
                .build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secretEnv(String name, SecretKeyRef ref) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withSecretKeyRef(new SecretKeySelectorBuilder().withName(ref.getName()).withKey(ref.getKey()).build())
                .endValueFrom()
                .build();
    }
}
