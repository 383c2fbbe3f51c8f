package io.geoprotocol.operator.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The control plane of {@code scripts/test-cluster up}: a real kube-apiserver, controller-manager
 * and scheduler, with kwok playing the kubelet. Tests find it through GEO_TEST_CLUSTER_DIR or the
 * system property geo.test-cluster.dir (the e2e profile points it at target/test-cluster), and fail
 * rather than skip when it is not there: the e2e profile is only run where a cluster was brought up.
 */
final class TestCluster {

    static final String OPERATOR_NAMESPACE = "geo-hub-operator";
    static final String OPERATOR_ACCOUNT = "geo-hub-operator";
    static final String FIELD_MANAGER = "geo-hub-e2e";
    static final Duration SLOW = Duration.ofMinutes(3);

    private TestCluster() {
    }

    static Path dir() {
        String dir = System.getenv("GEO_TEST_CLUSTER_DIR");
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("geo.test-cluster.dir", "../target/test-cluster");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    static Path repo(String relative) {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("crds")) ? here : here.getParent();
        return root.resolve(relative);
    }

    /** A cluster-admin client (client certificate in group system:masters). */
    static KubernetesClient admin() {
        File kubeconfig = dir().resolve("kubeconfig").toFile();
        if (!kubeconfig.isFile()) {
            throw new IllegalStateException("No test cluster: " + kubeconfig + " is missing. Start one with "
                    + "`scripts/test-cluster up` (or set GEO_TEST_CLUSTER_DIR).");
        }
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    }

    /**
     * A client that is the operator's ServiceAccount, holding exactly the RBAC of
     * operator/src/main/kubernetes/rbac.yaml (applied afresh here, so an edit to it counts).
     */
    static KubernetesClient operatorAccount(KubernetesClient admin) {
        applyOperatorRbac(admin);
        String token = admin.serviceAccounts().inNamespace(OPERATOR_NAMESPACE).withName(OPERATOR_ACCOUNT)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        Config adminConfig = admin.getConfiguration();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertFile(adminConfig.getCaCertFile())
                .withCaCertData(adminConfig.getCaCertData())
                .withOauthToken(token)
                .withNamespace(OPERATOR_NAMESPACE)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static void applyOperatorRbac(KubernetesClient admin) {
        ensureNamespace(admin, OPERATOR_NAMESPACE);
        try (InputStream in = new FileInputStream(repo("operator/src/main/kubernetes/rbac.yaml").toFile())) {
            List<HasMetadata> items = admin.load(in).items();
            for (HasMetadata item : items) {
                admin.resource(item).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Installs the committed CRD exactly as users do, and waits until the server serves it. */
    static CustomResourceDefinition applyCrd(KubernetesClient admin) {
        CustomResourceDefinition crd;
        try (InputStream in = new FileInputStream(repo("crds/geohubs.geoprotocol.io-v1.yml").toFile())) {
            crd = admin.apiextensions().v1().customResourceDefinitions().load(in).item();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        admin.resource(crd).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                        1, TimeUnit.MINUTES);
    }

    static String freshNamespace(KubernetesClient admin, String prefix) {
        String name = prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        ensureNamespace(admin, name);
        return name;
    }

    static void ensureNamespace(KubernetesClient admin, String name) {
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .fieldManager(FIELD_MANAGER).serverSideApply();
    }

    /** The YAML documents of a manifest file (such as an example in docs/examples), in order. */
    static List<GenericKubernetesResource> documents(Path file) {
        List<GenericKubernetesResource> documents = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String part : text.split("(?m)^---\\s*$")) {
            boolean onlyComments = part.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!onlyComments) {
                documents.add(Serialization.unmarshal(part, GenericKubernetesResource.class));
            }
        }
        return documents;
    }
}
