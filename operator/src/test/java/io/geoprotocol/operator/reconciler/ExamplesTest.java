package io.geoprotocol.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.dependent.BackupCronJob;
import io.geoprotocol.operator.dependent.HubConfigMap;
import io.geoprotocol.operator.dependent.HubDeployment;
import io.geoprotocol.operator.dependent.HubIngress;
import io.geoprotocol.operator.dependent.HubPrometheusRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documented examples must parse into the model and pass the operator's own checks. */
class ExamplesTest {

    @Test
    void minimalExampleIsValid() throws IOException {
        GeoHub hub = load("geohub-minimal.yaml");

        assertThat(SpecProblems.of(hub).all()).isEmpty();
        assertThat(hub.getSpec().getReplicas()).isEqualTo(2);
        assertThat(hub.getSpec().getImage().reference()).isEqualTo("ghcr.io/geo-protocol/geo-hub:0.1.0");
    }

    @Test
    void fullExampleIsValidAndEverySectionBuilds() throws IOException {
        GeoHub hub = load("geohub-full.yaml");

        assertThat(SpecProblems.of(hub).all()).isEmpty();
        assertThat(hub.getSpec().getBackup().getRetention().getDays()).isEqualTo(14);
        assertThat(HubConfigMap.desired(hub).getData()).containsEntry("REDIS_ENABLED", "true");
        assertThat(HubDeployment.desired(hub, "c", "s").getSpec().getReplicas()).isEqualTo(3);
        assertThat(BackupCronJob.desired(hub).getSpec().getSchedule()).isEqualTo("0 3 * * *");
        assertThat(HubIngress.desired(hub).getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(HubPrometheusRule.desired(hub).getMetadata().getName()).isEqualTo("hub");
    }

    private static GeoHub load(String name) throws IOException {
        return Serialization.unmarshal(Files.readString(Path.of("examples", name)), GeoHub.class);
    }
}
