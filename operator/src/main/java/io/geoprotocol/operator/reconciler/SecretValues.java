package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.geoprotocol.operator.crd.GeoHubStatusAggregator;
import io.geoprotocol.operator.crd.SecretKeyRef;
import io.geoprotocol.operator.dependent.HubResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Secret keys the hub consumes, to tell which are missing and to fingerprint their
 * values for the `checksum/secret` pod annotation. Values are hashed, never logged or stored.
 */
public final class SecretValues {

    private final List<String> missing;
    private final String checksum;

    private SecretValues(List<String> missing, String checksum) {
        this.missing = missing;
        this.checksum = checksum;
    }

    public static SecretValues read(KubernetesClient client, String namespace, List<SecretKeyRef> keys) {
        Map<String, Secret> secrets = new HashMap<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> fingerprint = new TreeMap<>();
        for (SecretKeyRef ref : keys) {
            Secret secret = secrets.computeIfAbsent(ref.getName(),
                    name -> client.secrets().inNamespace(namespace).withName(name).get());
            String value = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
            if (value == null) {
                missing.add(secret == null ? "Secret " + ref.getName() : "key " + ref.getKey() + " in Secret "
                        + ref.getName());
            } else {
                fingerprint.put(ref.getName() + "/" + ref.getKey(), value);
            }
        }
        return new SecretValues(List.copyOf(missing), HubResources.sha256(fingerprint.toString()));
    }

    public boolean complete() {
        return missing.isEmpty();
    }

    public String checksum() {
        return checksum;
    }

    public void reportTo(GeoHubStatusAggregator status, String namespace) {
        if (!missing.isEmpty()) {
            status.problem("SecretMissing", "Missing " + String.join(", ", missing) + " in namespace " + namespace
                    + "; create it, and the operator continues on its own.");
        }
    }
}
