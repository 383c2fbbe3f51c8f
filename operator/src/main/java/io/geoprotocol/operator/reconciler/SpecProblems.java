package io.geoprotocol.operator.reconciler;

import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.DatabaseSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubSpec;
import io.geoprotocol.operator.crd.GeoHubStatusAggregator;
import io.geoprotocol.operator.crd.IngressSpec;
import io.geoprotocol.operator.crd.PodDisruptionBudgetSpec;
import io.geoprotocol.operator.crd.RedisSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Cross-field checks the CRD schema cannot always make (older API servers skip CEL rules, and
 * clients may bypass validation). Each problem names the part of the hub it blocks, so a broken
 * backup section stops only the backup CronJob, never the hub itself.
 */
public final class SpecProblems {

    /** Longest GeoHub name whose derived names (`-migrate-<hash>`, CronJob names) stay valid. */
    public static final int MAX_NAME_LENGTH = 40;

    /** What a problem keeps the operator from reconciling. */
    public enum Area { HUB, BACKUP, INGRESS, DISRUPTION_BUDGET }

    /** One thing a person has to fix. */
    public record Problem(Area area, String reason, String message) {
    }

    private final List<Problem> problems = new ArrayList<>();

    private SpecProblems() {
    }

    public static SpecProblems of(GeoHub hub) {
        SpecProblems found = new SpecProblems();
        GeoHubSpec spec = hub.getSpec();
        if (hub.getMetadata().getName().length() > MAX_NAME_LENGTH) {
            found.add(Area.HUB, "NameTooLong", "The GeoHub name must have at most " + MAX_NAME_LENGTH
                    + " characters so the names of its Jobs stay valid; recreate it with a shorter name.");
        }
        found.checkDatabase(spec.getDatabase());
        found.checkRedis(spec.getRedis());
        found.checkBackup(spec.getBackup());
        found.checkIngress(spec.getIngress());
        found.checkDisruptionBudget(spec.getPodDisruptionBudget());
        return found;
    }

    public boolean blocks(Area area) {
        return problems.stream().anyMatch(p -> p.area() == area);
    }

    public Set<Area> blockedAreas() {
        Set<Area> areas = EnumSet.noneOf(Area.class);
        problems.forEach(p -> areas.add(p.area()));
        return areas;
    }

    public List<Problem> all() {
        return List.copyOf(problems);
    }

    public void reportTo(GeoHubStatusAggregator status) {
        problems.forEach(p -> status.problem(p.reason(), p.message()));
    }

    private void checkDatabase(DatabaseSpec db) {
        if (db == null) {
            add(Area.HUB, "InvalidDatabase", "spec.database is required: set host with credentials, or urlSecret.");
            return;
        }
        boolean host = db.getHost() != null && !db.getHost().isBlank();
        if (host && db.getUrlSecret() != null) {
            add(Area.HUB, "InvalidDatabase", "spec.database sets both host and urlSecret; keep only one.");
        } else if (!host && db.getUrlSecret() == null) {
            add(Area.HUB, "InvalidDatabase",
                    "spec.database needs host (with credentials.secretName) or urlSecret; neither is set.");
        } else if (host && (db.getCredentials() == null || db.getCredentials().getSecretName() == null)) {
            add(Area.HUB, "InvalidDatabase",
                    "spec.database.host is set but credentials.secretName is not; name the Secret with the "
                            + "database user and password.");
        }
    }

    private void checkRedis(RedisSpec redis) {
        if (redis == null || !redis.active()) {
            return;
        }
        if (redis.getUrl() == null && redis.getUrlSecret() == null) {
            add(Area.HUB, "InvalidRedis", "spec.redis.enabled is true but neither url nor urlSecret is set.");
        } else if (redis.getUrl() != null && redis.getUrlSecret() != null) {
            add(Area.HUB, "InvalidRedis", "spec.redis sets both url and urlSecret; keep only one.");
        }
    }

    private void checkBackup(BackupSpec backup) {
        if (backup == null || !backup.active()) {
            return;
        }
        BackupSpec.Target target = backup.getTarget();
        if (target == null || (target.getPvc() == null) == (target.getS3() == null)) {
            add(Area.BACKUP, "InvalidBackup",
                    "spec.backup.enabled is true but spec.backup.target does not name exactly one of pvc or s3; "
                            + "no backups run until it does.");
        } else if (target.getPvc() != null && target.getPvc().getClaimName() == null) {
            add(Area.BACKUP, "InvalidBackup", "spec.backup.target.pvc.claimName is required.");
        } else if (target.getS3() != null
                && (target.getS3().getBucket() == null || target.getS3().getCredentialsSecret() == null)) {
            add(Area.BACKUP, "InvalidBackup", "spec.backup.target.s3 needs bucket and credentialsSecret.");
        }
        BackupSpec.Retention retention = backup.getRetention();
        if (retention != null && retention.getCount() != null && retention.getDays() != null) {
            add(Area.BACKUP, "InvalidBackup", "spec.backup.retention sets both count and days; keep only one.");
        }
    }

    private void checkIngress(IngressSpec ingress) {
        if (ingress != null && ingress.active() && (ingress.getHost() == null || ingress.getHost().isBlank())) {
            add(Area.INGRESS, "InvalidIngress", "spec.ingress.enabled is true but spec.ingress.host is not set.");
        }
    }

    private void checkDisruptionBudget(PodDisruptionBudgetSpec pdb) {
        if (pdb != null && pdb.active() && pdb.getMinAvailable() != null && pdb.getMaxUnavailable() != null) {
            add(Area.DISRUPTION_BUDGET, "InvalidPodDisruptionBudget",
                    "spec.podDisruptionBudget sets both minAvailable and maxUnavailable; keep only one.");
        }
    }

    private void add(Area area, String reason, String message) {
        problems.add(new Problem(area, reason, message));
    }
}
