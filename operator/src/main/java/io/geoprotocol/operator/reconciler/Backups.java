package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubStatus;
import io.geoprotocol.operator.crd.GeoHubStatusAggregator;
import io.geoprotocol.operator.dependent.BackupCronJob;
import io.geoprotocol.operator.dependent.HubResources;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The backup CronJob, its target's prerequisites, and the last backup it reports. */
final class Backups {

    /** The keys the aws CLI container reads from the credentials Secret. */
    static final List<String> S3_KEYS = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    private final ResourceApplier applier;

    Backups(ResourceApplier applier) {
        this.applier = applier;
    }

    void reconcile(GeoHub hub, boolean specValid, GeoHubStatusAggregator status) {
        String namespace = hub.getMetadata().getNamespace();
        String name = HubResources.backupCronJobName(hub);
        BackupSpec backup = hub.getSpec().getBackup();
        if (backup == null || !backup.active()) {
            applier.deleteIfPresent(CronJob.class, namespace, name);
            status.lastBackup(null);
            return;
        }
        if (!specValid || !targetExists(hub, backup, status)) {
            return;
        }

        CronJob cronJob = applier.apply(BackupCronJob.desired(hub));
        status.lastBackup(lastBackup(cronJob.getStatus()));
    }

    /** The PVC and the S3 credentials Secret are the user's; say so plainly when one is missing. */
    private boolean targetExists(GeoHub hub, BackupSpec backup, GeoHubStatusAggregator status) {
        String namespace = hub.getMetadata().getNamespace();
        BackupSpec.Target target = backup.getTarget();
        if (target.getPvc() != null) {
            String claim = target.getPvc().getClaimName();
            if (applier.get(PersistentVolumeClaim.class, namespace, claim).isEmpty()) {
                status.problem("BackupTargetMissing", "PersistentVolumeClaim " + claim + " named in "
                        + "spec.backup.target.pvc does not exist in " + namespace + "; create it to start backups.");
                return false;
            }
            return true;
        }
        String secret = target.getS3().getCredentialsSecret();
        Optional<Secret> credentials = applier.get(Secret.class, namespace, secret);
        if (credentials.isEmpty()) {
            status.problem("BackupTargetMissing", "Secret " + secret + " named in spec.backup.target.s3."
                    + "credentialsSecret does not exist in " + namespace + "; create it with AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY to start backups.");
            return false;
        }
        // Without this check a missing key only shows as a stuck pod of the first backup run.
        Map<String, String> data = Objects.requireNonNullElse(credentials.get().getData(), Map.of());
        List<String> missingKeys = S3_KEYS.stream().filter(key -> !data.containsKey(key)).toList();
        if (!missingKeys.isEmpty()) {
            status.problem("BackupTargetMissing", "Secret " + secret + " named in spec.backup.target.s3."
                    + "credentialsSecret has no " + String.join(" and no ", missingKeys)
                    + "; add it to start backups.");
            return false;
        }
        return true;
    }

    /**
     * The CronJob reports when it last scheduled a run and when a run last succeeded. A schedule
     * later than the last success with nothing active means the latest run failed.
     */
    static GeoHubStatus.LastBackup lastBackup(CronJobStatus cronJob) {
        if (cronJob == null || (cronJob.getLastScheduleTime() == null && cronJob.getLastSuccessfulTime() == null)) {
            return null;
        }
        String success = cronJob.getLastSuccessfulTime();
        String scheduled = cronJob.getLastScheduleTime();
        String result;
        if (cronJob.getActive() != null && !cronJob.getActive().isEmpty()) {
            result = "Running";
        } else if (success != null && (scheduled == null || success.compareTo(scheduled) >= 0)) {
            result = "Succeeded";
        } else {
            result = "Failed";
        }
        return new GeoHubStatus.LastBackup(success, result);
    }
}
