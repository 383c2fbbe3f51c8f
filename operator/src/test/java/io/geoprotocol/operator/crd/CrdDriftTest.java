package io.geoprotocol.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD in crds/ is what users install; it must be exactly what the Java classes generate.
 * The build generates target/classes/META-INF/fabric8/geohubs.geoprotocol.io-v1.yml from the classes.
 */
class CrdDriftTest {

    private static final String FIX = "regenerate it with: ./mvnw -pl operator -Pupdate-crd process-classes";

    @Test
    void committedCrdMatchesTheGeneratedOne() throws IOException {
        Path generated = Path.of(System.getProperty("geohub.crd.generated"));
        Path committed = Path.of(System.getProperty("geohub.crd.committed"));

        assertThat(committed).as("crds/ holds no GeoHub CRD; " + FIX).exists();
        assertThat(Files.readString(committed))
                .as("crds/%s differs from what the classes generate; %s", committed.getFileName(), FIX)
                .isEqualTo(Files.readString(generated));
    }

    @Test
    void crdHasValidationStatusSubresourceAndPrinterColumns() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of(System.getProperty("geohub.crd.committed"))), CustomResourceDefinition.class);
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);

        assertThat(crd.getSpec().getGroup()).isEqualTo("geoprotocol.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("geohub");
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .containsExactlyInAnyOrder("Ready", "Version", "Age");

        var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getRequired()).contains("database");
        assertThat(spec.getProperties().get("replicas").getMaximum()).isEqualTo(50.0);
        assertThat(spec.getProperties().get("image").getProperties().get("pullPolicy").getEnum())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("\"Always\"", "\"IfNotPresent\"", "\"Never\"");
        assertThat(spec.getProperties().get("database").getXKubernetesValidations()).isNotEmpty();
        assertThat(spec.getProperties().get("clearing").getProperties().get("schedule").getPattern()).isNotBlank();
    }
}
