package io.geoprotocol.operator.dependent;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.geoprotocol.operator.crd.GeoHub;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names, labels and owner references shared by every object the operator creates for a GeoHub. */
public final class HubResources {

    public static final String APP = "geo-hub";
    public static final String MANAGED_BY = "geo-hub-operator";
    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_VERSION = "app.kubernetes.io/version";

    /** The port the hub listens on inside its container; fixed by the image. */
    public static final int HUB_PORT = 8000;
    public static final String HUB_PORT_NAME = "http";
    /** The hub image runs as this user; the pod security context pins it. */
    public static final long HUB_UID = 10001L;

    private HubResources() {
    }

    public static String configMapName(GeoHub hub) {
        return hub.getMetadata().getName() + "-config";
    }

    public static String authSecretName(GeoHub hub) {
        return hub.getMetadata().getName() + "-auth";
    }

    /** One Job per image: a new image gets a new name, so its migration runs exactly once. */
    public static String migrationJobName(GeoHub hub) {
        return hub.getMetadata().getName() + "-migrate-" + shortHash(hub.getSpec().getImage().reference());
    }

    public static String clearingCronJobName(GeoHub hub) {
        return hub.getMetadata().getName() + "-clearing";
    }

    public static String backupCronJobName(GeoHub hub) {
        return hub.getMetadata().getName() + "-backup";
    }

    /** Deployment, Service, Ingress, PDB and monitoring objects share the GeoHub's own name. */
    public static String hubName(GeoHub hub) {
        return hub.getMetadata().getName();
    }

    /** Labels on every owned object; the managed-by label also scopes the operator's informers. */
    public static Map<String, String> labels(GeoHub hub, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, APP);
        labels.put(LABEL_INSTANCE, hub.getMetadata().getName());
        labels.put(LABEL_COMPONENT, component);
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        return labels;
    }

    /** The immutable subset used as the Deployment selector; never add anything that can change. */
    public static Map<String, String> selectorLabels(GeoHub hub) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, APP);
        labels.put(LABEL_INSTANCE, hub.getMetadata().getName());
        labels.put(LABEL_COMPONENT, "hub");
        return labels;
    }

    public static String managedBySelector() {
        return LABEL_MANAGED_BY + "=" + MANAGED_BY;
    }

    public static ObjectMeta metadata(GeoHub hub, String name, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(hub.getMetadata().getNamespace())
                .withLabels(labels(hub, component))
                .withOwnerReferences(ownerReference(hub))
                .build();
    }

    /** Controller reference: Kubernetes garbage-collects the object when the GeoHub is deleted. */
    public static OwnerReference ownerReference(GeoHub hub) {
        return new OwnerReferenceBuilder()
                .withApiVersion(hub.getApiVersion())
                .withKind(hub.getKind())
                .withName(hub.getMetadata().getName())
                .withUid(hub.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** First 8 hex digits of SHA-256: short enough for names, long enough not to collide by accident. */
    public static String shortHash(String value) {
        return sha256(value).substring(0, 8);
    }

    public static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM ships SHA-256", e);
        }
    }
}
