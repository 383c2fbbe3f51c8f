package io.geoprotocol.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.geoprotocol.operator.GeoHubOperator;
import io.geoprotocol.operator.OperatorSettings;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubCondition;
import io.geoprotocol.operator.crd.GeoHubSpec;
import io.geoprotocol.operator.crd.GeoHubStatus;
import io.geoprotocol.operator.dependent.HubDeployment;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * The operator, started in-process exactly as GeoHubOperator.main wires it (all namespaces, leader
 * election on), authenticated as its ServiceAccount with only the RBAC of rbac.yaml, against a real
 * API server whose controller-manager runs the Job, Deployment and garbage-collector controllers
 * and whose pods are played by kwok. The steps build on each other, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeoHubOperatorE2E {

    private static final String HUB = "hub";
    private static final String DB_SECRET = "geo-db";
    private static final String EXAMPLES = "docs/examples/";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private KubernetesClient admin;
    private KubernetesClient operatorClient;
    private Operator operator;
    private String namespace;
    private String hubUid;

    @BeforeAll
    void startOperator() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        log.start();
        root.addAppender(log);

        admin = TestCluster.admin();
        TestCluster.applyCrd(admin);
        namespace = TestCluster.freshNamespace(admin, "e2e-geo");
        // The minimal example's own Secret, so the first steps run exactly what the guide says to apply.
        createCompanions(EXAMPLES + "geohub-minimal.yaml");
        assertThat(get(Secret.class, DB_SECRET)).as("the minimal example ships Secret " + DB_SECRET).isNotNull();

        operatorClient = TestCluster.operatorAccount(admin);
        OperatorSettings settings = new OperatorSettings(Set.of(), true,
                Optional.of(TestCluster.OPERATOR_NAMESPACE), 0);
        operator = GeoHubOperator.create(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false)
                        // The same Lease, but stopping must not System.exit the test JVM as it does the pod.
                        .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                                .aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
                                .withLeaseNamespace(TestCluster.OPERATOR_NAMESPACE)
                                .withExitOnStopLeading(false)
                                .build()));
        operator.start();
    }

    @AfterAll
    void stopOperator() {
        if (operator != null) {
            operator.stop();
        }
        if (admin != null) {
            admin.namespaces().withName(namespace).delete();
            admin.close();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    /** Every step: the operator's ServiceAccount was never refused anything. */
    @AfterEach
    void nothingWasForbidden() {
        List<String> refused = log.list.stream()
                .filter(GeoHubOperatorE2E::mentionsForbidden)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage() + throwableText(e.getThrowableProxy()))
                .toList();
        assertThat(refused).as("operator log lines showing a refused API call (missing RBAC)").isEmpty();
    }

    @Test
    @Order(1)
    void newHubIsMigratedByAJobThenRolledOutAndReportedReady() {
        admin.resource(minimalHub()).create();

        Job job = await().atMost(TestCluster.SLOW).until(this::migrationJob, j -> j != null);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("migrate");
        await().atMost(TestCluster.SLOW).until(this::migrationJob, j -> j != null && hasCondition(j, "Complete"));

        Deployment deployment = await().atMost(TestCluster.SLOW).until(() -> get(Deployment.class, HUB),
                d -> d != null && deploymentAvailable(d) && replicasAvailable(d, 2));
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);

        GeoHubStatus status = awaitStatus(s -> is(s, GeoHubCondition.READY, "True", "AllReplicasReady"));
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.condition(GeoHubCondition.MIGRATED)).get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("MigrationSucceeded"));
        assertThat(status.condition(GeoHubCondition.PROGRESSING).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(status.getReadyReplicas()).isEqualTo(2);
        assertThat(status.getMigratedVersion()).isEqualTo("0.1.0");
        assertThat(status.getEndpoints().getService()).isEqualTo("http://hub." + namespace + ".svc:8000");
    }

    @Test
    @Order(2)
    void everyObjectTheServerAcceptedIsControlledByTheHub() {
        hubUid = admin.resources(GeoHub.class).inNamespace(namespace).withName(HUB).get().getMetadata().getUid();

        List<HasMetadata> owned = ownedObjects();

        assertThat(owned).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "ConfigMap/hub-config", "Secret/hub-auth", "Service/hub", "Deployment/hub", "CronJob/hub-clearing",
                "PodDisruptionBudget/hub", "Job/" + migrationJob().getMetadata().getName());
        assertThat(owned).allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(hubUid))
                .satisfies(ref -> assertThat(ref.getController()).isTrue()));
        assertThat(get(Service.class, HUB).getSpec().getClusterIP()).as("allocated by the server").isNotBlank();
        assertThat(get(CronJob.class, "hub-clearing").getSpec().getSchedule()).isEqualTo("*/5 * * * *");
        assertThat(get(Secret.class, "hub-auth").getData()).containsKeys("JWT_SECRET", "ADMIN_TOKEN");
    }

    @Test
    @Order(3)
    void specChangeRollsThePodsAndObservedGenerationFollows() {
        Deployment before = get(Deployment.class, HUB);
        String configSum = podAnnotation(before, HubDeployment.CHECKSUM_CONFIG);

        GeoHub edited = editSpec(spec -> {
            spec.setReplicas(3);
            spec.getSettings().setMaxPaymentHops(4);
        });
        assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);

        Deployment after = await().atMost(TestCluster.SLOW).until(() -> get(Deployment.class, HUB),
                d -> !configSum.equals(podAnnotation(d, HubDeployment.CHECKSUM_CONFIG)) && replicasAvailable(d, 3));
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
        assertThat(get(ConfigMap.class, "hub-config").getData()).containsEntry("MAX_PAYMENT_HOPS", "4");
        GeoHubStatus status = awaitStatus(s -> s.getObservedGeneration() == 2L
                && is(s, GeoHubCondition.READY, "True", "AllReplicasReady") && s.getReadyReplicas() == 3);
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getStatus()).isEqualTo("False");
        String newSum = podAnnotation(after, HubDeployment.CHECKSUM_CONFIG);
        await().atMost(TestCluster.SLOW).untilAsserted(() -> assertThat(admin.pods().inNamespace(namespace)
                .withLabel("app.kubernetes.io/component", "hub").list().getItems())
                .as("old pods replaced by the rollout")
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.getMetadata().getAnnotations())
                        .containsEntry(HubDeployment.CHECKSUM_CONFIG, newSum)));
    }

    @Test
    @Order(4)
    void newImageTagIsMigratedBeforeThePodsMove() {
        String firstJob = migrationJob().getMetadata().getName();

        editSpec(spec -> spec.getImage().setTag("0.2.0"));

        GeoHubStatus status = awaitStatus(s -> s.getObservedGeneration() == 3L && "0.2.0".equals(s.getMigratedVersion())
                && is(s, GeoHubCondition.READY, "True", "AllReplicasReady"));
        assertThat(status.condition(GeoHubCondition.MIGRATED).orElseThrow().getMessage()).contains("0.2.0");
        Job second = migrationJob();
        assertThat(second.getMetadata().getName()).isNotEqualTo(firstJob);
        assertThat(hasCondition(second, "Complete")).isTrue();
        assertThat(get(Deployment.class, HUB).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .endsWith(":0.2.0");
        await().atMost(TestCluster.SLOW).until(() -> get(Job.class, firstJob) == null);
    }

    @Test
    @Order(5)
    void deletingTheHubGarbageCollectsEverythingItOwned() {
        List<HasMetadata> owned = ownedObjects();
        assertThat(owned).hasSizeGreaterThanOrEqualTo(7);

        admin.resources(GeoHub.class).inNamespace(namespace).withName(HUB).delete();

        await().atMost(TestCluster.SLOW).untilAsserted(() -> {
            assertThat(admin.resources(GeoHub.class).inNamespace(namespace).withName(HUB).get()).isNull();
            assertThat(ownedObjects()).as("objects still owned by the deleted hub").isEmpty();
            assertThat(admin.apps().replicaSets().inNamespace(namespace).list().getItems()).isEmpty();
            assertThat(admin.pods().inNamespace(namespace).list().getItems()).extracting(Pod::getMetadata)
                    .as("pods of the hub and its Jobs").isEmpty();
        });
        assertThat(get(Secret.class, DB_SECRET)).as("the user's database Secret is not the hub's").isNotNull();
    }

    @Test
    @Order(6)
    void productionExampleReconcilesWithEveryOptionalObjectAcceptedByTheServer() {
        createCompanions(EXAMPLES + "geohub-production.yaml");
        GeoHub production = example("geohub-production.yaml");
        String name = production.getMetadata().getName();
        admin.resource(production).create();

        GeoHubStatus status = await().atMost(TestCluster.SLOW).until(() -> admin.resources(GeoHub.class)
                .inNamespace(namespace).withName(name).get().getStatus(),
                s -> s != null && is(s, GeoHubCondition.READY, "True", "AllReplicasReady"));

        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow())
                .satisfies(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("False"));
        boolean prometheusOperator = admin.apiextensions().v1().customResourceDefinitions()
                .withName("servicemonitors.monitoring.coreos.com").get() != null;
        assertThat(status.condition(GeoHubCondition.MONITORING).orElseThrow().getReason())
                .isEqualTo(prometheusOperator ? "MonitoringConfigured" : "PrometheusOperatorMissing");
        assertThat(status.getEndpoints().getIngress()).isEqualTo("https://hub.example.com");
        assertThat(get(Ingress.class, name).getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("hub-prod-tls"));
        assertThat(get(CronJob.class, name + "-backup").getSpec().getSchedule()).isEqualTo("30 2 * * *");
        assertThat(get(CronJob.class, name + "-clearing").getSpec().getSchedule()).isEqualTo("*/10 * * * *");
        assertThat(get(ConfigMap.class, name + "-config").getData()).containsEntry("CLEARING_INTERVAL_SECONDS", "0");
        assertThat(get(PodDisruptionBudget.class, name).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(get(Secret.class, name + "-auth")).as("auth comes from the example's own Secret").isNull();
        Job migration = admin.batch().v1().jobs().inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", name).withLabel("app.kubernetes.io/component", "migration")
                .list().getItems().get(0);
        assertThat(migration.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests())
                .as("the migration Job asks for the hub's resources").containsKeys("cpu", "memory");
    }

    private List<HasMetadata> ownedObjects() {
        return List.<Class<? extends HasMetadata>>of(ConfigMap.class, Secret.class, Service.class, Deployment.class,
                        Job.class, CronJob.class, PodDisruptionBudget.class, ReplicaSet.class).stream()
                .<HasMetadata>flatMap(type -> admin.resources(type).inNamespace(namespace).list().getItems().stream())
                .filter(o -> o.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> "GeoHub".equals(ref.getKind()) && HUB.equals(ref.getName())))
                .toList();
    }

    /** The minimal example's GeoHub, as the guide tells people to apply it. */
    private GeoHub minimalHub() {
        GeoHub hub = example("geohub-minimal.yaml");
        assertThat(hub.getMetadata().getName()).isEqualTo(HUB);
        return hub;
    }

    private GeoHub example(String file) {
        GenericKubernetesResource document = TestCluster.documents(TestCluster.repo(EXAMPLES + file)).stream()
                .filter(d -> "GeoHub".equals(d.getKind())).findFirst().orElseThrow();
        GeoHub hub = Serialization.unmarshal(Serialization.asJson(document), GeoHub.class);
        hub.getMetadata().setNamespace(namespace);
        return hub;
    }

    /** Creates the Secrets and claims an example ships beside its GeoHub, in the test's namespace. */
    private void createCompanions(String file) {
        for (GenericKubernetesResource document : TestCluster.documents(TestCluster.repo(file))) {
            if (!"GeoHub".equals(document.getKind())) {
                document.getMetadata().setNamespace(namespace);
                admin.resource(document).create();
            }
        }
    }

    /** Edits the spec as kubectl edit would, retrying when the operator's status write got there first. */
    private GeoHub editSpec(Consumer<GeoHubSpec> change) {
        return await().atMost(TestCluster.SLOW).ignoreException(KubernetesClientException.class).until(() -> {
            GeoHub hub = admin.resources(GeoHub.class).inNamespace(namespace).withName(HUB).get();
            change.accept(hub.getSpec());
            return admin.resource(hub).update();
        }, h -> true);
    }

    private Job migrationJob() {
        return admin.batch().v1().jobs().inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", HUB)
                .withLabel("app.kubernetes.io/component", "migration")
                .list().getItems().stream()
                .max((a, b) -> a.getMetadata().getCreationTimestamp().compareTo(b.getMetadata().getCreationTimestamp()))
                .orElse(null);
    }

    private GeoHubStatus awaitStatus(Predicate<GeoHubStatus> wanted) {
        return await().atMost(TestCluster.SLOW).until(() -> {
            GeoHub hub = admin.resources(GeoHub.class).inNamespace(namespace).withName(HUB).get();
            return hub == null ? null : hub.getStatus();
        }, s -> s != null && s.getObservedGeneration() != null && wanted.test(s));
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return admin.resources(type).inNamespace(namespace).withName(name).get();
    }

    private static boolean is(GeoHubStatus status, String type, String value, String reason) {
        return status.condition(type).filter(c -> value.equals(c.getStatus()) && reason.equals(c.getReason()))
                .isPresent();
    }

    private static boolean hasCondition(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean deploymentAvailable(Deployment d) {
        return d.getStatus() != null && d.getStatus().getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean replicasAvailable(Deployment d, int replicas) {
        return d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas())
                && Integer.valueOf(replicas).equals(d.getStatus().getUpdatedReplicas())
                && Integer.valueOf(replicas).equals(d.getStatus().getReplicas());
    }

    private static String podAnnotation(Deployment deployment, String key) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(key);
    }

    private static boolean mentionsForbidden(ILoggingEvent event) {
        String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
        return text.contains("Forbidden") || text.contains("forbidden") || text.contains("code=403")
                || text.contains("Code: 403");
    }

    private static String throwableText(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            text.append(" | ").append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return text.toString();
    }
}
