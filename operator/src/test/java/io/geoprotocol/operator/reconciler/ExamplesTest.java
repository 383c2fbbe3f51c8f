package io.geoprotocol.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubCondition;
import io.geoprotocol.operator.crd.GeoHubSpec;
import io.geoprotocol.operator.crd.GeoHubStatus;
import io.geoprotocol.operator.crd.SecretKeyRef;
import io.geoprotocol.operator.dependent.AuthSecret;
import io.geoprotocol.operator.dependent.BackupCronJob;
import io.geoprotocol.operator.dependent.ClearingCronJob;
import io.geoprotocol.operator.dependent.HubConfigMap;
import io.geoprotocol.operator.dependent.HubDeployment;
import io.geoprotocol.operator.dependent.HubIngress;
import io.geoprotocol.operator.dependent.HubPod;
import io.geoprotocol.operator.dependent.HubPodDisruptionBudget;
import io.geoprotocol.operator.dependent.HubPrometheusRule;
import io.geoprotocol.operator.dependent.HubResources;
import io.geoprotocol.operator.dependent.HubService;
import io.geoprotocol.operator.dependent.HubServiceMonitor;
import io.geoprotocol.operator.dependent.MigrationJob;
import io.javaoperatorsdk.operator.Operator;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests in docs/examples are what the operator guide tells people to apply, so each must
 * be exactly what the operator accepts and runs: no field the model does not know, every value
 * inside the committed CRD's schema, no problem the operator's own checks would report, every
 * object it builds from them buildable, and, against the mock API server, a reconcile that ends
 * Ready with nothing Degraded, using only the Secrets and claims shipped in the same file.
 */
@EnableKubernetesMockClient(crud = true)
class ExamplesTest {

    /** The kinds an example may ship beside its GeoHub; anything else needs a look first. */
    private static final Set<String> COMPANION_KINDS = Set.of("Secret", "PersistentVolumeClaim");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    KubernetesClient client;

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(examplesDir())) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).as("examples in %s", examplesDir()).isNotEmpty();
            return yaml.stream();
        }
    }

    @Test
    void theGuideLinksEveryExampleAndEveryLinkedExampleExists() throws IOException {
        String guide = Files.readString(examplesDir().resolveSibling("operator.md"));
        Set<String> linked = new TreeSet<>();
        Matcher m = java.util.regex.Pattern.compile("examples/([a-z0-9-]+\\.yaml)").matcher(guide);
        while (m.find()) {
            linked.add(m.group(1));
        }

        Set<String> shipped = examples().map(f -> f.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(shipped).containsAll(Set.of("geohub-minimal.yaml", "geohub-production.yaml",
                "geohub-external-database.yaml", "geohub-s3-backups.yaml"));
        assertThat(linked).as("examples named in docs/operator.md").isEqualTo(shipped);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyDocumentIsAKnownKindWithOnlyFieldsThatExist(Path file) throws Exception {
        List<JsonNode> documents = documents(file);
        List<String> problems = new ArrayList<>();

        assertThat(documents).filteredOn(d -> "GeoHub".equals(d.path("kind").asText())).hasSize(1);
        for (JsonNode document : documents) {
            String kind = document.path("kind").asText();
            String at = file.getFileName() + " " + kind + "/" + document.path("metadata").path("name").asText();
            assertThat(document.path("metadata").path("namespace").asText()).as("%s namespace", at)
                    .isEqualTo(hubDocument(documents).path("metadata").path("namespace").asText());
            if ("GeoHub".equals(kind)) {
                assertThat(document.path("apiVersion").asText()).isEqualTo(GeoHub.GROUP + "/" + GeoHub.VERSION);
                // Jackson names the first field the Java model does not know...
                STRICT.treeToValue(document.get("spec"), GeoHubSpec.class);
                // ...and the CRD schema every other way the API server would refuse or prune it.
                CrdSchemaCheck.committed().problems(document.get("spec")).forEach(p -> problems.add(at + " " + p));
            } else {
                assertThat(COMPANION_KINDS).as(at).contains(kind);
                HasMetadata typed = Serialization.unmarshal(Serialization.asJson(document));
                unknownFields(typed, at, problems);
            }
        }

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void operatorChecksFindNothingAndEveryObjectBuilds(Path file) throws IOException {
        List<JsonNode> documents = documents(file);
        GeoHub hub = geoHub(documents);

        assertThat(SpecProblems.of(hub).all()).as("problems the operator would report").isEmpty();

        List<HasMetadata> built = new ArrayList<>(List.of(
                HubConfigMap.desired(hub),
                HubService.desired(hub),
                MigrationJob.desired(hub),
                HubDeployment.desired(hub, "config-sum", "secret-sum"),
                ClearingCronJob.desired(hub)));
        if (AuthSecret.needed(hub)) {
            built.add(AuthSecret.desired(hub, new SecureRandom()));
        }
        if (hub.getSpec().getIngress().active()) {
            built.add(HubIngress.desired(hub));
        }
        if (hub.getSpec().getPodDisruptionBudget().active()) {
            built.add(HubPodDisruptionBudget.desired(hub));
        }
        if (hub.getSpec().getBackup().active()) {
            built.add(BackupCronJob.desired(hub));
        }
        if (hub.getSpec().getMonitoring().serviceMonitorOn()) {
            built.add(HubServiceMonitor.desired(hub));
        }
        if (hub.getSpec().getMonitoring().prometheusRuleOn()) {
            built.add(HubPrometheusRule.desired(hub));
        }

        assertThat(built).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo(hub.getMetadata().getNamespace());
            assertThat(Serialization.asJson(o)).contains("\"" + o.getMetadata().getName() + "\"");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everySecretKeyAndClaimTheHubReadsShipsInTheSameFile(Path file) throws IOException {
        List<JsonNode> documents = documents(file);
        GeoHub hub = geoHub(documents);
        List<String> missing = new ArrayList<>();

        for (SecretKeyRef ref : HubPod.secretKeys(hub)) {
            boolean generated = ref.getName().equals(HubResources.authSecretName(hub)) && AuthSecret.needed(hub);
            if (!generated && !secretKeys(documents, ref.getName()).contains(ref.getKey())) {
                missing.add("Secret " + ref.getName() + " key " + ref.getKey());
            }
        }
        BackupSpec backup = hub.getSpec().getBackup();
        if (backup.active() && backup.getTarget().getS3() != null) {
            Set<String> keys = secretKeys(documents, backup.getTarget().getS3().getCredentialsSecret());
            if (!keys.containsAll(Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))) {
                missing.add("Secret " + backup.getTarget().getS3().getCredentialsSecret() + " with both AWS keys");
            }
        }
        if (backup.active() && backup.getTarget().getPvc() != null) {
            String claim = backup.getTarget().getPvc().getClaimName();
            if (documents.stream().noneMatch(d -> isObject(d, "PersistentVolumeClaim", claim))) {
                missing.add("PersistentVolumeClaim " + claim);
            }
        }

        assertThat(missing).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void operatorReconcilesTheExampleToReadyWithNothingDegraded(Path file) throws IOException {
        List<JsonNode> documents = documents(file);
        GeoHub hub = geoHub(documents);
        String namespace = hub.getMetadata().getNamespace();
        String name = hub.getMetadata().getName();
        try (var in = new FileInputStream(System.getProperty("geohub.crd.committed"))) {
            client.load(in).createOrReplace();
        }
        client.resource(monitoringCrd("servicemonitors", "ServiceMonitor")).create();
        client.resource(monitoringCrd("prometheusrules", "PrometheusRule")).create();
        for (JsonNode document : documents) {
            if (!"GeoHub".equals(document.path("kind").asText())) {
                client.resource(asTheApiServerStoresIt(Serialization.unmarshal(Serialization.asJson(document))))
                        .create();
            }
        }
        Operator operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false));
        operator.register(new GeoHubReconciler(Clock.systemUTC(), new SecureRandom()),
                c -> c.settingNamespace(namespace));
        operator.start();
        try {
            client.resource(hub).create();

            // The mock runs no controllers: play the Job controller, then the Deployment controller.
            Job migration = await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(namespace)
                    .withLabel(HubResources.LABEL_INSTANCE, name)
                    .withLabel(HubResources.LABEL_COMPONENT, "migration")
                    .list().getItems().stream().findFirst().orElse(null), Objects::nonNull);
            updateStatus(migration, j -> j.setStatus(new JobStatusBuilder().withSucceeded(1)
                    .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build())
                    .build()));
            Deployment deployment = await().atMost(WAIT).until(() -> get(Deployment.class, namespace, name),
                    Objects::nonNull);
            int replicas = deployment.getSpec().getReplicas();
            updateStatus(deployment, d -> d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas).withReadyReplicas(replicas).withUpdatedReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .build()));

            GeoHubStatus status = await().atMost(WAIT).until(() -> {
                GeoHub current = client.resources(GeoHub.class).inNamespace(namespace).withName(name).get();
                return current.getStatus();
            }, s -> s != null && s.condition(GeoHubCondition.READY).map(GeoHubCondition::statusTrue).orElse(false));

            assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow())
                    .satisfies(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("False"));
            assertThat(status.getReadyReplicas()).isEqualTo(hub.getSpec().getReplicas());
            GeoHubSpec spec = hub.getSpec();
            assertThat(get(Ingress.class, namespace, name) != null).isEqualTo(spec.getIngress().active());
            assertThat(get(PodDisruptionBudget.class, namespace, name) != null)
                    .isEqualTo(spec.getPodDisruptionBudget().active());
            assertThat(get(CronJob.class, namespace, HubResources.backupCronJobName(hub)) != null)
                    .isEqualTo(spec.getBackup().active());
            assertThat(get(CronJob.class, namespace, HubResources.clearingCronJobName(hub))).isNotNull();
            if (spec.getMonitoring().serviceMonitorOn() || spec.getMonitoring().prometheusRuleOn()) {
                assertThat(status.condition(GeoHubCondition.MONITORING).orElseThrow().getReason())
                        .isEqualTo("MonitoringConfigured");
            }
        } finally {
            operator.stop();
        }
    }

    static Path examplesDir() {
        return Path.of(System.getProperty("geohub.examples", "../docs/examples"));
    }

    /** The YAML documents of a file, skipping empty ones (a file may open with comments and ---). */
    static List<JsonNode> documents(Path file) throws IOException {
        try (var values = new YAMLMapper().readerFor(JsonNode.class).readValues(Files.readString(file))) {
            List<JsonNode> documents = new ArrayList<>();
            while (values.hasNext()) {
                JsonNode document = (JsonNode) values.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
            return documents;
        }
    }

    private static JsonNode hubDocument(List<JsonNode> documents) {
        return documents.stream().filter(d -> "GeoHub".equals(d.path("kind").asText())).findFirst().orElseThrow();
    }

    private static GeoHub geoHub(List<JsonNode> documents) {
        return Serialization.unmarshal(Serialization.asJson(hubDocument(documents)), GeoHub.class);
    }

    private static boolean isObject(JsonNode document, String kind, String name) {
        return kind.equals(document.path("kind").asText())
                && name.equals(document.path("metadata").path("name").asText());
    }

    private static Set<String> secretKeys(List<JsonNode> documents, String name) {
        Set<String> keys = new TreeSet<>();
        documents.stream().filter(d -> isObject(d, "Secret", name)).forEach(d -> {
            d.path("stringData").fieldNames().forEachRemaining(keys::add);
            d.path("data").fieldNames().forEachRemaining(keys::add);
        });
        return keys;
    }

    /** The API server folds stringData into data; the mock does not, and the operator reads data. */
    private static HasMetadata asTheApiServerStoresIt(HasMetadata object) {
        if (object instanceof Secret secret && secret.getStringData() != null) {
            Map<String, String> data = new LinkedHashMap<>(Objects.requireNonNullElse(secret.getData(), Map.of()));
            secret.getStringData().forEach((k, v) ->
                    data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            secret.setData(data);
            secret.setStringData(null);
        }
        return object;
    }

    /**
     * The fabric8 model keeps fields it does not know in additionalProperties instead of failing;
     * the API server would drop them. Any found, at any depth, is a misspelled or invented field.
     */
    private static void unknownFields(Object value, String path, List<String> problems) throws Exception {
        if (value instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), problems);
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
        } else if (value instanceof KubernetesResource) {
            for (Method getter : value.getClass().getMethods()) {
                if (getter.getParameterCount() > 0 || !getter.getName().startsWith("get")
                        || getter.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": no such field " + extra.keySet());
                    }
                } else {
                    unknownFields(child, path + "." + getter.getName().substring(3), problems);
                }
            }
        }
    }

    private <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    /** Writes status the way a controller does, retrying when the operator's own write got there first. */
    private <T extends HasMetadata> void updateStatus(T object, java.util.function.Consumer<T> change) {
        await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
            T current = client.resource(object).get();
            change.accept(current);
            client.resource(current).updateStatus();
            return true;
        });
    }

    private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition monitoringCrd(
            String plural, String kind) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + ".monitoring.coreos.com").endMetadata()
                .withNewSpec()
                    .withGroup("monitoring.coreos.com")
                    .withScope("Namespaced")
                    .withNewNames().withPlural(plural).withKind(kind).endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion()
                .endSpec()
                .build();
    }
}
