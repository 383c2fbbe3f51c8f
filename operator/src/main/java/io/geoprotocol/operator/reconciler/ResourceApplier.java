package io.geoprotocol.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.geoprotocol.operator.dependent.HubResources;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates owned objects. Each object carries a hash of the desired state the operator
 * last wrote, so an unchanged spec causes no API write and no watch event, and a changed one is
 * sent as a JSON merge patch that leaves server-set fields (a Service's clusterIP) alone.
 */
public final class ResourceApplier {

    public static final String APPLIED_HASH = "geoprotocol.io/applied-hash";
    private static final Logger LOG = LoggerFactory.getLogger(ResourceApplier.class);

    private final KubernetesClient client;

    public ResourceApplier(KubernetesClient client) {
        this.client = client;
    }

    public <T extends HasMetadata> T apply(T desired) {
        return apply(desired, client.resource(desired));
    }

    public GenericKubernetesResource apply(GenericKubernetesResource desired, ResourceDefinitionContext type) {
        return apply(desired, generic(type, desired.getMetadata().getNamespace()).resource(desired));
    }

    /** For objects that must never be rewritten once they exist (Jobs, the generated auth Secret). */
    public <T extends HasMetadata> T createIfAbsent(T desired) {
        Resource<T> handle = client.resource(desired);
        T current = handle.get();
        if (current != null) {
            return current;
        }
        LOG.info("Creating {} {}/{}", desired.getKind(), namespace(desired), desired.getMetadata().getName());
        return handle.create();
    }

    public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
        return Optional.ofNullable(client.resources(type).inNamespace(namespace).withName(name).get());
    }

    public <T extends HasMetadata> void deleteIfPresent(Class<T> type, String namespace, String name) {
        var handle = client.resources(type).inNamespace(namespace).withName(name);
        if (handle.get() != null) {
            LOG.info("Deleting {} {}/{} (no longer requested)", type.getSimpleName(), namespace, name);
            handle.delete();
        }
    }

    public void deleteIfPresent(ResourceDefinitionContext type, String namespace, String name) {
        var handle = generic(type, namespace).withName(name);
        if (handle.get() != null) {
            LOG.info("Deleting {} {}/{} (no longer requested)", type.getKind(), namespace, name);
            handle.delete();
        }
    }

    private <T extends HasMetadata> T apply(T desired, Resource<T> handle) {
        String hash = HubResources.sha256(Serialization.asJson(desired));
        desired.getMetadata().getAnnotations().put(APPLIED_HASH, hash);

        T current = handle.get();
        if (current == null) {
            LOG.info("Creating {} {}/{}", desired.getKind(), namespace(desired), desired.getMetadata().getName());
            return handle.create();
        }
        if (hash.equals(current.getMetadata().getAnnotations().get(APPLIED_HASH))) {
            LOG.debug("{} {} is up to date", desired.getKind(), desired.getMetadata().getName());
            return current;
        }
        LOG.info("Updating {} {}/{}", desired.getKind(), namespace(desired), desired.getMetadata().getName());
        return handle.patch(PatchContext.of(PatchType.JSON_MERGE));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> generic(ResourceDefinitionContext type, String namespace) {
        return client.genericKubernetesResources(type).inNamespace(namespace);
    }

    private static String namespace(HasMetadata resource) {
        return resource.getMetadata().getNamespace();
    }
}
