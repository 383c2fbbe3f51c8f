package io.geoprotocol.operator.reconciler;

import static io.geoprotocol.operator.HubFixtures.DB_SECRET;
import static io.geoprotocol.operator.HubFixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.BackupSpec;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.GeoHubCondition;
import io.geoprotocol.operator.crd.GeoHubStatus;
import io.geoprotocol.operator.crd.SecretKeyRef;
import io.geoprotocol.operator.dependent.HubDeployment;
import io.geoprotocol.operator.dependent.HubPrometheusRule;
import io.geoprotocol.operator.dependent.HubServiceMonitor;
import io.javaoperatorsdk.operator.Operator;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole reconcile loops against the fabric8 mock API server in CRUD mode. The mock runs no
 * controllers: tests play the Job controller, the Deployment controller and the garbage collector.
 */
@EnableKubernetesMockClient(crud = true)
class GeoHubReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-29T12:00:00Z"), ZoneOffset.UTC);

    KubernetesMockServer server;
    KubernetesClient client;
    private Operator operator;

    @BeforeEach
    void startOperator() throws IOException {
        // The committed CRD tells the mock that status is a subresource.
        try (var in = new FileInputStream(System.getProperty("geohub.crd.committed"))) {
            client.load(in).createOrReplace();
        }
        client.resource(secret(DB_SECRET, Map.of("username", "geo", "password", "s3cret"))).create();

        operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false));
        operator.register(new GeoHubReconciler(CLOCK, new SecureRandom()), c -> c.settingNamespace(NAMESPACE));
        operator.start();
    }

    @AfterEach
    void stopOperator() {
        operator.stop();
    }

    @Test
    void newHubGetsSettingsSecretServiceAndMigrationJobButNoDeploymentYet() {
        client.resource(HubFixtures.minimal("hub")).create();

        Job job = awaitJob("hub");
        assertThat(get(ConfigMap.class, "hub-config").getData()).containsEntry("MAX_PAYMENT_HOPS", "6");
        assertThat(get(Secret.class, "hub-auth").getData()).containsKeys("JWT_SECRET", "ADMIN_TOKEN");
        assertThat(get(Service.class, "hub")).isNotNull();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("migrate");

        GeoHubStatus status = awaitStatus("hub", s -> has(s, GeoHubCondition.MIGRATED, "False", "MigrationRunning"));
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.condition(GeoHubCondition.READY).orElseThrow().getReason()).isEqualTo("WaitingForMigration");
        assertThat(get(Deployment.class, "hub")).isNull();
        assertThat(get(CronJob.class, "hub-clearing")).isNull();
    }

    @Test
    void deploymentAppearsOnlyAfterTheMigrationJobSucceededThenReportsReady() {
        client.resource(HubFixtures.minimal("hub")).create();
        Job job = awaitJob("hub");
        assertThat(get(Deployment.class, "hub")).isNull();

        finish(job, "Complete");

        Deployment deployment = await().atMost(WAIT).until(() -> get(Deployment.class, "hub"), d -> d != null);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/geo-protocol/geo-hub:0.1.0");
        assertThat(get(CronJob.class, "hub-clearing")).isNotNull();
        awaitStatus("hub", s -> has(s, GeoHubCondition.MIGRATED, "True", "MigrationSucceeded")
                && "0.1.0".equals(s.getMigratedVersion()));

        markRolledOut(deployment);

        GeoHubStatus ready = awaitStatus("hub", s -> has(s, GeoHubCondition.READY, "True", "AllReplicasReady"));
        assertThat(ready.getReadyReplicas()).isEqualTo(2);
        assertThat(ready.condition(GeoHubCondition.PROGRESSING).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(ready.condition(GeoHubCondition.DEGRADED).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(ready.getEndpoints().getService()).isEqualTo("http://hub.geo.svc:8000");
    }

    @Test
    void settingsChangeKeepsReadyWhileTheDeploymentStaysMinimallyAvailable() {
        client.resource(HubFixtures.minimal("hub")).create();
        finish(awaitJob("hub"), "Complete");
        Deployment first = await().atMost(WAIT).until(() -> get(Deployment.class, "hub"), d -> d != null);
        markRolledOut(first);
        awaitStatus("hub", s -> has(s, GeoHubCondition.READY, "True", "AllReplicasReady"));
        String before = configChecksum(first);

        editSpec("hub", hub -> hub.getSpec().getSettings().setMaxPaymentHops(4));
        Deployment changed = await().atMost(WAIT)
                .until(() -> get(Deployment.class, "hub"), d -> !configChecksum(d).equals(before));

        setRolloutStatus(changed, 1, true);
        GeoHubStatus serving = awaitStatus("hub", s -> has(s, GeoHubCondition.READY, "True", "RollingOutServing"));
        assertThat(serving.condition(GeoHubCondition.PROGRESSING).orElseThrow().getStatus()).isEqualTo("True");

        setRolloutStatus(changed, 1, false);
        awaitStatus("hub", s -> has(s, GeoHubCondition.READY, "False", "RollingOut"));
    }

    @Test
    void failedMigrationOfANewVersionDegradesAndKeepsPodsOnTheOldImage() {
        client.resource(HubFixtures.minimal("hub")).create();
        finish(awaitJob("hub"), "Complete");
        await().atMost(WAIT).until(() -> get(Deployment.class, "hub"), d -> d != null);
        String firstJob = awaitJob("hub").getMetadata().getName();

        editSpec("hub", hub -> hub.getSpec().getImage().setTag("0.2.0"));
        Job second = await().atMost(WAIT)
                .until(() -> awaitJob("hub"), j -> !j.getMetadata().getName().equals(firstJob));
        finish(second, "Failed");

        GeoHubStatus status = awaitStatus("hub", s -> has(s, GeoHubCondition.DEGRADED, "True", "MigrationFailed"));
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getMessage())
                .contains(second.getMetadata().getName());
        assertThat(status.getObservedGeneration()).isEqualTo(2L);
        assertThat(status.getMigratedVersion()).isEqualTo("0.1.0");
        assertThat(image(get(Deployment.class, "hub"))).endsWith(":0.1.0");
    }

    @Test
    void settingChangeAndSecretChangeEachRollThePods() {
        client.resource(HubFixtures.minimal("hub")).create();
        finish(awaitJob("hub"), "Complete");
        Deployment first = await().atMost(WAIT).until(() -> get(Deployment.class, "hub"), d -> d != null);
        String configSum = annotation(first, HubDeployment.CHECKSUM_CONFIG);
        String secretSum = annotation(first, HubDeployment.CHECKSUM_SECRET);

        editSpec("hub", hub -> hub.getSpec().getSettings().setMaxPaymentHops(4));
        Deployment afterSetting = await().atMost(WAIT).until(() -> get(Deployment.class, "hub"),
                d -> !configSum.equals(annotation(d, HubDeployment.CHECKSUM_CONFIG)));
        assertThat(annotation(afterSetting, HubDeployment.CHECKSUM_SECRET)).isEqualTo(secretSum);
        assertThat(get(ConfigMap.class, "hub-config").getData()).containsEntry("MAX_PAYMENT_HOPS", "4");

        client.resource(secret(DB_SECRET, Map.of("username", "geo", "password", "rotated"))).update();
        await().atMost(WAIT).until(() -> get(Deployment.class, "hub"),
                d -> !secretSum.equals(annotation(d, HubDeployment.CHECKSUM_SECRET)));
    }

    @Test
    void monitoringWithoutPrometheusOperatorIsReportedAndNothingFails() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getMonitoring().getServiceMonitor().setEnabled(true);
        hub.getSpec().getMonitoring().getPrometheusRule().setEnabled(true);
        client.resource(hub).create();

        GeoHubStatus status = awaitStatus("hub",
                s -> has(s, GeoHubCondition.MONITORING, "False", "PrometheusOperatorMissing"));
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(status.condition(GeoHubCondition.MONITORING).orElseThrow().getMessage())
                .contains(HubServiceMonitor.CRD);
        assertThat(get(Service.class, "hub")).isNotNull();
    }

    @Test
    void monitoringWithPrometheusOperatorCreatesServiceMonitorAndRule() {
        client.resource(crd("servicemonitors", "ServiceMonitor")).create();
        client.resource(crd("prometheusrules", "PrometheusRule")).create();
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getMonitoring().getServiceMonitor().setEnabled(true);
        hub.getSpec().getMonitoring().getPrometheusRule().setEnabled(true);
        client.resource(hub).create();

        awaitStatus("hub", s -> has(s, GeoHubCondition.MONITORING, "True", "MonitoringConfigured"));
        GenericKubernetesResource rule = client.genericKubernetesResources(MonitoringTypes.PROMETHEUS_RULE)
                .inNamespace(NAMESPACE).withName("hub").get();
        GenericKubernetesResource monitor = client.genericKubernetesResources(MonitoringTypes.SERVICE_MONITOR)
                .inNamespace(NAMESPACE).withName("hub").get();
        assertThat(rule).isNotNull();
        assertThat(rule.getKind()).isEqualTo(HubPrometheusRule.KIND);
        assertThat(monitor).isNotNull();
    }

    @Test
    void invalidSpecBecomesADegradedConditionAndCreatesNothing() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getDatabase().setUrlSecret(new SecretKeyRef("geo-db-url", null));
        client.resource(hub).create();

        GeoHubStatus status = awaitStatus("hub", s -> has(s, GeoHubCondition.DEGRADED, "True", "InvalidDatabase"));
        assertThat(status.condition(GeoHubCondition.READY).orElseThrow().getReason()).isEqualTo("InvalidSpec");
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getMessage()).contains("urlSecret");
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(get(ConfigMap.class, "hub-config")).isNull();
    }

    @Test
    void missingDatabaseSecretIsNamedInStatus() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getDatabase().getCredentials().setSecretName("nowhere");
        client.resource(hub).create();

        GeoHubStatus status = awaitStatus("hub", s -> has(s, GeoHubCondition.DEGRADED, "True", "SecretMissing"));
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getMessage()).contains("Secret nowhere");
    }

    @Test
    void s3CredentialsWithoutTheSecretKeyStopOnlyBackupsAndNameTheMissingKey() {
        client.resource(secret("s3-creds", Map.of("AWS_ACCESS_KEY_ID", "id"))).create();
        GeoHub hub = HubFixtures.minimal("hub");
        BackupSpec.S3Target s3 = new BackupSpec.S3Target();
        s3.setBucket("geo-backups");
        s3.setCredentialsSecret("s3-creds");
        BackupSpec.Target target = new BackupSpec.Target();
        target.setS3(s3);
        hub.getSpec().getBackup().setEnabled(true);
        hub.getSpec().getBackup().setTarget(target);
        client.resource(hub).create();

        GeoHubStatus status = awaitStatus("hub", s -> has(s, GeoHubCondition.DEGRADED, "True", "BackupTargetMissing"));
        assertThat(status.condition(GeoHubCondition.DEGRADED).orElseThrow().getMessage())
                .contains("s3-creds").contains("AWS_SECRET_ACCESS_KEY").doesNotContain("no AWS_ACCESS_KEY_ID");
        assertThat(get(CronJob.class, "hub-backup")).isNull();
        assertThat(awaitJob("hub")).as("the hub itself goes on").isNotNull();

        client.resource(secret("s3-creds", Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "key")))
                .update();
        finish(awaitJob("hub"), "Complete");
        await().atMost(WAIT).until(() -> get(CronJob.class, "hub-backup"), c -> c != null);
    }

    @Test
    void everyOwnedObjectPointsAtTheHubSoDeletingItCollectsThem() {
        client.resource(HubFixtures.minimal("hub")).create();
        finish(awaitJob("hub"), "Complete");
        await().atMost(WAIT).until(() -> get(Deployment.class, "hub"), d -> d != null);
        String uid = client.resources(GeoHub.class).inNamespace(NAMESPACE).withName("hub").get()
                .getMetadata().getUid();

        List<HasMetadata> owned = List.of(get(ConfigMap.class, "hub-config"), get(Secret.class, "hub-auth"),
                awaitJob("hub"), get(Service.class, "hub"), get(Deployment.class, "hub"),
                get(CronJob.class, "hub-clearing"), get(PodDisruptionBudget.class, "hub"));
        assertThat(owned).allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> {
                    assertThat(ref.getUid()).isEqualTo(uid);
                    assertThat(ref.getController()).isTrue();
                }));

        // Play the garbage collector: delete the hub, then what its owner references point at.
        client.resources(GeoHub.class).inNamespace(NAMESPACE).withName("hub").delete();
        await().atMost(WAIT).until(() -> client.resources(GeoHub.class).inNamespace(NAMESPACE).withName("hub")
                .get() == null);
        owned.forEach(o -> client.resource(o).delete());
        assertThat(get(Deployment.class, "hub")).isNull();
        assertThat(get(Secret.class, DB_SECRET)).as("the user's database Secret is never owned").isNotNull();
    }

    /** Changes the spec the way kubectl edit does; the operator may have just written status, so retry on 409. */
    private void editSpec(String name, java.util.function.Consumer<GeoHub> change) {
        await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
            GeoHub hub = client.resources(GeoHub.class).inNamespace(NAMESPACE).withName(name).get();
            change.accept(hub);
            client.resource(hub).update();
            return true;
        });
    }

    private Job awaitJob(String hub) {
        return await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(NAMESPACE)
                .withLabel("app.kubernetes.io/instance", hub)
                .withLabel("app.kubernetes.io/component", "migration")
                .list().getItems().stream()
                .reduce((a, b) -> b)
                .orElse(null), j -> j != null);
    }

    /** Plays the Job controller. */
    private void finish(Job job, String condition) {
        await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
            Job current = client.resource(job).get();
            current.setStatus(new JobStatusBuilder()
                    .withConditions(new JobConditionBuilder().withType(condition).withStatus("True").build())
                    .withSucceeded("Complete".equals(condition) ? 1 : 0)
                    .withFailed("Failed".equals(condition) ? 4 : 0)
                    .build());
            client.resource(current).updateStatus();
            return true;
        });
    }

    /** Plays the Deployment controller: every wanted pod updated and ready. */
    private static String configChecksum(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(HubDeployment.CHECKSUM_CONFIG);
    }

    /** Mid-rollout status: {@code updated} of 2 pods on the new spec, both available, Available as given. */
    private void setRolloutStatus(Deployment deployment, int updated, boolean minimumAvailable) {
        await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
            Deployment current = client.resource(deployment).get();
            current.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(current.getMetadata().getGeneration())
                    .withReplicas(3).withReadyReplicas(2).withUpdatedReplicas(updated).withAvailableReplicas(2)
                    .addNewCondition().withType("Available").withStatus(minimumAvailable ? "True" : "False")
                    .endCondition()
                    .build());
            client.resource(current).updateStatus();
            return true;
        });
    }

    private void markRolledOut(Deployment deployment) {
        await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
            Deployment current = client.resource(deployment).get();
            current.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(current.getMetadata().getGeneration())
                    .withReplicas(2).withReadyReplicas(2).withUpdatedReplicas(2).withAvailableReplicas(2)
                    .build());
            client.resource(current).updateStatus();
            return true;
        });
    }

    private GeoHubStatus awaitStatus(String name, Predicate<GeoHubStatus> condition) {
        return await().atMost(WAIT).until(() -> {
            GeoHub hub = client.resources(GeoHub.class).inNamespace(NAMESPACE).withName(name).get();
            return hub == null ? null : hub.getStatus();
        }, s -> s != null && condition.test(s));
    }

    private static boolean has(GeoHubStatus status, String type, String value, String reason) {
        return status.condition(type).filter(c -> value.equals(c.getStatus()) && reason.equals(c.getReason()))
                .isPresent();
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static String annotation(Deployment deployment, String key) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(key);
    }

    private static Secret secret(String name, Map<String, String> values) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build())
                .withData(data)
                .build();
    }

    private static CustomResourceDefinition crd(String plural, String kind) {
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
