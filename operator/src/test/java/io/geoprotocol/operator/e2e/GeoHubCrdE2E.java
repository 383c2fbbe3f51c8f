package io.geoprotocol.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.geoprotocol.operator.crd.GeoHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed CRD against a real API server: it is accepted as a structural schema, it prunes
 * what it does not declare, and its OpenAPI and CEL rules refuse specs the operator cannot run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeoHubCrdE2E {

    private static final String DATABASE = """
              database:
                host: postgres.example
                credentials:
                  secretName: geo-db
            """;

    private KubernetesClient admin;
    private CustomResourceDefinition crd;
    private String namespace;

    @BeforeAll
    void install() {
        admin = TestCluster.admin();
        crd = TestCluster.applyCrd(admin);
        namespace = TestCluster.freshNamespace(admin, "e2e-crd");
    }

    @AfterAll
    void cleanUp() {
        if (admin != null) {
            admin.namespaces().withName(namespace).delete();
            admin.close();
        }
    }

    @Test
    void serverAcceptsTheCrdAsStructuralAndServesItsNames() {
        Map<String, String> conditions = crd.getStatus().getConditions().stream()
                .collect(Collectors.toMap(CustomResourceDefinitionCondition::getType,
                        CustomResourceDefinitionCondition::getStatus));

        assertThat(conditions).containsEntry("Established", "True").containsEntry("NamesAccepted", "True")
                .doesNotContainKey("NonStructuralSchema");
        assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("geohub");
        assertThat(admin.resources(GeoHub.class).inNamespace(namespace).list().getMetadata().getResourceVersion())
                .as("GeoHubs are served").isNotBlank();
    }

    @Test
    void validHubIsStoredAndUndeclaredFieldsArePruned() {
        GenericKubernetesResource stored = admin.resource(hub("pruned", DATABASE + """
                  replicas: 1
                  notAField: dropped by the structural schema
                  image:
                    tag: "0.1.0"
                    colour: blue
                """)).create();

        Map<String, Object> spec = stored.get("spec");
        assertThat(spec).containsEntry("replicas", 1).doesNotContainKey("notAField");
        assertThat((Map<String, Object>) spec.get("image")).containsEntry("tag", "0.1.0").doesNotContainKey("colour");
        GeoHub typed = admin.resources(GeoHub.class).inNamespace(namespace).withName("pruned").get();
        assertThat(typed.getSpec().getDatabase().getHost()).isEqualTo("postgres.example");
        assertThat(typed.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void statusIsASubresourceThatSpecWritesCannotSet() {
        GenericKubernetesResource created = admin.resource(hub("status-sub", DATABASE)).create();
        created.setAdditionalProperty("status", Map.of("migratedVersion", "9.9.9"));

        GenericKubernetesResource updated = admin.resource(created).update();

        assertThat(updated.getAdditionalProperties()).doesNotContainKey("status");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(1L);
    }

    /**
     * Every document of every file in docs/examples, as `kubectl apply --server-side --dry-run=server`
     * would send it, with strict field validation: the schema, the CEL rules and, for the Secrets and
     * claims beside the GeoHub, the built-in types all have their say, and a field the server would
     * otherwise drop is an error.
     */
    @Test
    void everyDocumentOfEveryExampleIsAcceptedByTheServer() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(TestCluster.repo("docs/examples"))) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        List<String> applied = new ArrayList<>();

        for (Path file : files) {
            for (GenericKubernetesResource document : TestCluster.documents(file)) {
                document.getMetadata().setNamespace(namespace);
                String what = file.getFileName() + " " + document.getKind() + "/" + document.getMetadata().getName();

                GenericKubernetesResource stored = admin.resource(document).dryRun()
                        .fieldValidation(FieldValidateable.Validation.STRICT)
                        .fieldManager(TestCluster.FIELD_MANAGER).serverSideApply();

                assertThat(stored.getMetadata().getUid()).as(what).isNotBlank();
                applied.add(document.getKind());
            }
        }

        assertThat(applied).as("kinds applied").contains("GeoHub", "Secret", "PersistentVolumeClaim");
        assertThat(admin.resources(GeoHub.class).inNamespace(namespace).list().getItems())
                .as("a dry run stores nothing").extracting(h -> h.getMetadata().getName())
                .doesNotContain("hub-prod", "hub-s3");
    }

    /** The check can fail: a misspelled field in an otherwise valid example is refused, not pruned. */
    @Test
    void strictDryRunRefusesAMisspelledFieldInAnExample() {
        GenericKubernetesResource hub = TestCluster.documents(TestCluster.repo("docs/examples/geohub-minimal.yaml"))
                .stream().filter(d -> "GeoHub".equals(d.getKind())).findFirst().orElseThrow();
        hub.getMetadata().setNamespace(namespace);
        Map<String, Object> database = (Map<String, Object>) ((Map<String, Object>) hub.get("spec")).get("database");
        database.put("sslmode", "require");

        assertThatThrownBy(() -> admin.resource(hub).dryRun().fieldValidation(FieldValidateable.Validation.STRICT)
                .fieldManager(TestCluster.FIELD_MANAGER).serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getMessage()).contains("sslmode"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            no database | replicas: 1 | spec.database: Required value
            host and urlSecret | \
                database: {host: db, credentials: {secretName: s}, urlSecret: {name: u}} | \
                set exactly one of database.host
            host, no credentials | database: {host: db} | database.host needs database.credentials
            too many replicas | replicas: 51 | should be less than or equal to 50
            more hops than the hub starts with | settings: {maxPaymentHops: 11} | should be less than or equal to 10
            unknown log level | settings: {logLevel: VERBOSE} | Unsupported value: "VERBOSE"
            zero port | \
                database: {host: db, port: 0, credentials: {secretName: s}} | should be greater than or equal to 1
            unknown pull policy | image: {pullPolicy: Sometimes} | Unsupported value: "Sometimes"
            bad cron schedule | clearing: {schedule: every five minutes} | spec.clearing.schedule in body should match
            unknown clearing mode | clearing: {mode: greedy} | Unsupported value: "greedy"
            backup, no target | backup: {enabled: true} | backup.enabled needs backup.target
            backup, two targets | \
                backup: {enabled: true, target: {pvc: {claimName: c}, s3: {bucket: b, credentialsSecret: s}}} | \
                set exactly one of backup.target.pvc
            retention twice | backup: {retention: {count: 3, days: 3}} | set at most one of backup.retention.count
            ingress, no host | ingress: {enabled: true} | ingress.enabled needs ingress.host
            redis url twice | redis: {url: 'redis://r:6379', urlSecret: {name: r}} | set at most one of redis.url
            not a redis url | redis: {url: 'http://r:6379'} | spec.redis.url in body should match
            bad scrape interval | \
                monitoring: {serviceMonitor: {interval: soon}} | serviceMonitor.interval in body should match
            pdb both ways | \
                podDisruptionBudget: {minAvailable: 1, maxUnavailable: 1} | \
                set at most one of podDisruptionBudget.minAvailable
            """)
    void serverRefusesSpecsTheOperatorCannotRun(String what, String specLine, String expected) {
        String spec = specLine.startsWith("database:") || specLine.startsWith("replicas: 1")
                ? "  " + specLine + "\n"
                : DATABASE + "  " + specLine + "\n";
        GenericKubernetesResource invalid = hub("invalid", spec);

        assertThatThrownBy(() -> admin.resource(invalid).create())
                .as(what)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(expected);
                });
        assertThat(admin.resources(GeoHub.class).inNamespace(namespace).withName("invalid").get()).isNull();
    }

    private GenericKubernetesResource hub(String name, String specYaml) {
        String yaml = "apiVersion: geoprotocol.io/v1alpha1\nkind: GeoHub\nmetadata:\n  name: " + name
                + "\n  namespace: " + namespace + "\nspec:\n" + specYaml;
        return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    }
}
