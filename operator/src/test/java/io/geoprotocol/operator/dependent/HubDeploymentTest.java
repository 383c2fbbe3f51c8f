package io.geoprotocol.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.GeoHub;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubDeploymentTest {

    @Test
    void podsRunNonRootWithReadOnlyRootAndWritableTmp() {
        Deployment deployment = HubDeployment.desired(HubFixtures.minimal("hub"), "c", "s");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container hub = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(hub.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(hub.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(hub.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(hub.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void probesUseHealthEndpointsOnPort8000AndRolloutKeepsCapacity() {
        Deployment deployment = HubDeployment.desired(HubFixtures.minimal("hub"), "c", "s");
        Container hub = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(hub.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(hub.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/db");
        assertThat(hub.getPorts().get(0).getContainerPort()).isEqualTo(8000);
        assertThat(hub.getArgs()).isEmpty();
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void checksumAnnotationChangesWhenASettingChanges() {
        GeoHub hub = HubFixtures.minimal("hub");
        String before = HubConfigMap.checksum(HubConfigMap.desired(hub));
        hub.getSpec().getSettings().setRateLimitPerMinute(500);
        String after = HubConfigMap.checksum(HubConfigMap.desired(hub));

        assertThat(after).isNotEqualTo(before);
        Map<String, String> annotations = HubDeployment.desired(hub, after, "s")
                .getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry(HubDeployment.CHECKSUM_CONFIG, after)
                .containsEntry(HubDeployment.CHECKSUM_SECRET, "s");
    }

    @Test
    void sameSpecGivesTheSameChecksum() {
        assertThat(HubConfigMap.checksum(HubConfigMap.desired(HubFixtures.minimal("hub"))))
                .isEqualTo(HubConfigMap.checksum(HubConfigMap.desired(HubFixtures.minimal("hub"))));
    }

    @Test
    void userPodLabelsCannotReplaceSelectorLabels() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getPodLabels().put("app.kubernetes.io/instance", "other");
        hub.getSpec().getPodLabels().put("team", "payments");

        Deployment deployment = HubDeployment.desired(hub, "c", "s");

        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", "hub")
                .containsEntry("team", "payments")
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void everyObjectIsOwnedByTheHub() {
        Deployment deployment = HubDeployment.desired(HubFixtures.minimal("hub"), "c", "s");

        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("GeoHub");
            assertThat(ref.getUid()).isEqualTo("uid-hub");
            assertThat(ref.getController()).isTrue();
        });
    }
}
