package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.geoprotocol.operator.crd.AuthSpec;
import io.geoprotocol.operator.crd.DatabaseSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.ImageSpec;
import io.geoprotocol.operator.crd.RedisSpec;
import io.geoprotocol.operator.crd.SecretKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parts every hub container shares, whether it serves (Deployment), migrates (Job) or
 * clears (CronJob): image, environment, secret references and the locked-down security context.
 */
public final class HubPod {

    public static final String CONTAINER = "hub";
    static final String TMP_VOLUME = "tmp";

    private HubPod() {
    }

    /** A hub container running the given arguments; an empty list means "serve". */
    public static Container container(GeoHub hub, List<String> args) {
        ImageSpec image = hub.getSpec().getImage();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image.reference())
                .withImagePullPolicy(image.getPullPolicy() == null
                        ? ImageSpec.PullPolicy.IF_NOT_PRESENT.value() : image.getPullPolicy().value())
                .withArgs(args)
                .withEnvFrom(configMapEnv(hub))
                .withEnv(env(hub))
                .withSecurityContext(containerSecurityContext())
                .withVolumeMounts(tmpMount())
                .withResources(resources(hub))
                .build();
    }

    /**
     * The serving pods, the migration Job and clearing runs are the same JVM, so they get the same
     * resources. Every container having requests also lets the Jobs start in a namespace whose
     * ResourceQuota demands them.
     */
    static ResourceRequirements resources(GeoHub hub) {
        if (hub.getSpec().getResources() != null) {
            return hub.getSpec().getResources();
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("1Gi"))
                .build();
    }

    /** Settings from the ConfigMap first, then secrets, then the user's own env, which wins on clashes. */
    static EnvFromSource configMapEnv(GeoHub hub) {
        return new EnvFromSourceBuilder()
                .withNewConfigMapRef(HubResources.configMapName(hub), false)
                .build();
    }

    static List<EnvVar> env(GeoHub hub) {
        List<EnvVar> env = new ArrayList<>(databaseEnv(hub.getSpec().getDatabase()));

        RedisSpec redis = hub.getSpec().getRedis();
        if (redis != null && redis.active() && redis.getUrlSecret() != null) {
            env.add(fromSecret("REDIS_URL", redis.getUrlSecret(), RedisSpec.DEFAULT_URL_KEY));
        }

        env.add(fromSecret("JWT_SECRET", jwtSecretRef(hub), AuthSpec.JWT_SECRET_KEY));
        env.add(fromSecret("ADMIN_TOKEN", adminTokenRef(hub), AuthSpec.ADMIN_TOKEN_KEY));
        if (hub.getSpec().getEnv() != null) {
            env.addAll(hub.getSpec().getEnv());
        }
        return env;
    }

    /**
     * DATABASE_URL either straight from the user's Secret, or assembled by the kubelet from the
     * credentials Secret through $(VAR) expansion, so the password never lands in a ConfigMap.
     */
    static List<EnvVar> databaseEnv(DatabaseSpec db) {
        if (db.getUrlSecret() != null) {
            return List.of(fromSecret("DATABASE_URL", db.getUrlSecret(), DatabaseSpec.DEFAULT_URL_KEY));
        }
        DatabaseSpec.Credentials credentials = db.getCredentials();
        String sslMode = db.getSslMode() == null ? DatabaseSpec.SslMode.PREFER.value() : db.getSslMode().value();
        String url = "postgresql://$(DB_USER):$(DB_PASSWORD)@" + db.getHost() + ":" + port(db) + "/"
                + Objects.requireNonNullElse(db.getName(), "geo_hub") + "?sslmode=" + sslMode;
        return List.of(
                fromSecret("DB_USER", new SecretKeyRef(credentials.getSecretName(), credentials.getUserKey()),
                        DatabaseSpec.Credentials.DEFAULT_USER_KEY),
                fromSecret("DB_PASSWORD",
                        new SecretKeyRef(credentials.getSecretName(), credentials.getPasswordKey()),
                        DatabaseSpec.Credentials.DEFAULT_PASSWORD_KEY),
                new EnvVarBuilder().withName("DATABASE_URL").withValue(url).build());
    }

    static int port(DatabaseSpec db) {
        return db.getPort() == null ? 5432 : db.getPort();
    }

    /** Every Secret key the hub containers read; their values feed the checksum/secret annotation. */
    public static List<SecretKeyRef> secretKeys(GeoHub hub) {
        List<SecretKeyRef> keys = new ArrayList<>();
        DatabaseSpec db = hub.getSpec().getDatabase();
        if (db != null && db.getUrlSecret() != null) {
            keys.add(withKey(db.getUrlSecret(), DatabaseSpec.DEFAULT_URL_KEY));
        } else if (db != null && db.getCredentials() != null) {
            DatabaseSpec.Credentials c = db.getCredentials();
            keys.add(new SecretKeyRef(c.getSecretName(),
                    Objects.requireNonNullElse(c.getUserKey(), DatabaseSpec.Credentials.DEFAULT_USER_KEY)));
            keys.add(new SecretKeyRef(c.getSecretName(),
                    Objects.requireNonNullElse(c.getPasswordKey(), DatabaseSpec.Credentials.DEFAULT_PASSWORD_KEY)));
        }
        RedisSpec redis = hub.getSpec().getRedis();
        if (redis != null && redis.active() && redis.getUrlSecret() != null) {
            keys.add(withKey(redis.getUrlSecret(), RedisSpec.DEFAULT_URL_KEY));
        }
        keys.add(withKey(jwtSecretRef(hub), AuthSpec.JWT_SECRET_KEY));
        keys.add(withKey(adminTokenRef(hub), AuthSpec.ADMIN_TOKEN_KEY));
        return keys;
    }

    /** The user's JWT secret reference, or the generated Secret's key. */
    public static SecretKeyRef jwtSecretRef(GeoHub hub) {
        AuthSpec auth = hub.getSpec().getAuth();
        if (auth != null && auth.getJwtSecret() != null) {
            return auth.getJwtSecret();
        }
        return new SecretKeyRef(HubResources.authSecretName(hub), AuthSpec.JWT_SECRET_KEY);
    }

    /** The user's admin token reference, or the generated Secret's key. */
    public static SecretKeyRef adminTokenRef(GeoHub hub) {
        AuthSpec auth = hub.getSpec().getAuth();
        if (auth != null && auth.getAdminToken() != null) {
            return auth.getAdminToken();
        }
        return new SecretKeyRef(HubResources.authSecretName(hub), AuthSpec.ADMIN_TOKEN_KEY);
    }

    public static List<LocalObjectReference> pullSecrets(GeoHub hub) {
        List<String> names = hub.getSpec().getImage().getPullSecrets();
        return names == null ? List.of() : names.stream().map(LocalObjectReference::new).toList();
    }

    /** Non-root with a fixed uid and group, so volumes (the backup PVC too) are writable via fsGroup. */
    public static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(HubResources.HUB_UID)
                .withRunAsGroup(HubResources.HUB_UID)
                .withFsGroup(HubResources.HUB_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    public static SecurityContext containerSecurityContext() {
        Capabilities dropAll = new CapabilitiesBuilder().withDrop("ALL").build();
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withCapabilities(dropAll)
                .build();
    }

    /** The only writable path: the root filesystem is read-only. */
    public static Volume tmpVolume() {
        return new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build();
    }

    public static VolumeMount tmpMount() {
        return new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build();
    }

    static EnvVar fromSecret(String name, SecretKeyRef ref, String defaultKey) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef(ref.keyOr(defaultKey), ref.getName(), false)
                .endValueFrom()
                .build();
    }

    private static SecretKeyRef withKey(SecretKeyRef ref, String defaultKey) {
        return new SecretKeyRef(ref.getName(), ref.keyOr(defaultKey));
    }
}
