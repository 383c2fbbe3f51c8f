package io.geoprotocol.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.geoprotocol.operator.HubFixtures;
import io.geoprotocol.operator.crd.GeoHub;
import io.geoprotocol.operator.crd.HubSettings;
import io.geoprotocol.operator.crd.SecretKeyRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubPodTest {

    @Test
    void databaseUrlIsAssembledFromCredentialsWithoutThePasswordInTheSpec() {
        List<EnvVar> env = HubPod.env(HubFixtures.minimal("hub"));
        List<String> names = env.stream().map(EnvVar::getName).toList();

        // $(VAR) expansion only sees variables defined earlier in the list.
        assertThat(names.indexOf("DB_PASSWORD")).isLessThan(names.indexOf("DATABASE_URL"));
        EnvVar url = env.get(names.indexOf("DATABASE_URL"));
        assertThat(url.getValue())
                .isEqualTo("postgresql://$(DB_USER):$(DB_PASSWORD)@postgres.geo.svc:5432/geo_hub?sslmode=prefer");
        EnvVar password = env.get(names.indexOf("DB_PASSWORD"));
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("geo-db");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    }

    @Test
    void urlSecretIsPassedThroughWithDefaultKey() {
        List<EnvVar> env = HubPod.env(HubFixtures.withUrlSecret("hub"));

        EnvVar url = env.stream().filter(e -> e.getName().equals("DATABASE_URL")).findFirst().orElseThrow();
        assertThat(url.getValueFrom().getSecretKeyRef().getName()).isEqualTo("geo-db-url");
        assertThat(url.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("DATABASE_URL");
        assertThat(env).noneMatch(e -> e.getName().equals("DB_PASSWORD"));
    }

    @Test
    void authComesFromGeneratedSecretUnlessTheSpecNamesOne() {
        GeoHub hub = HubFixtures.minimal("hub");
        assertThat(HubPod.jwtSecretRef(hub).getName()).isEqualTo("hub-auth");
        assertThat(AuthSecret.needed(hub)).isTrue();

        hub.getSpec().getAuth().setJwtSecret(new SecretKeyRef("mine", "jwt"));
        hub.getSpec().getAuth().setAdminToken(new SecretKeyRef("mine", "admin"));

        assertThat(HubPod.jwtSecretRef(hub).getName()).isEqualTo("mine");
        assertThat(AuthSecret.needed(hub)).isFalse();
        assertThat(HubPod.secretKeys(hub)).extracting(SecretKeyRef::getKey).contains("jwt", "admin");
    }

    @Test
    void userEnvComesLastSoItWins() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getEnv().add(new EnvVarBuilder().withName("LOG_LEVEL").withValue("DEBUG").build());

        List<EnvVar> env = HubPod.env(hub);

        assertThat(env.get(env.size() - 1).getName()).isEqualTo("LOG_LEVEL");
    }

    @Test
    void configMapHoldsTheDocumentedDefaultsAndNoSecrets() {
        var data = HubConfigMap.desired(HubFixtures.minimal("hub")).getData();

        assertThat(data).containsEntry("MAX_PAYMENT_HOPS", "6")
                .containsEntry("MAX_CLEARING_CYCLE_LENGTH", "6")
                .containsEntry("PAYMENT_TIMEOUT_SECONDS", "30")
                .containsEntry("RATE_LIMIT_PER_MINUTE", "100")
                .containsEntry("CLEARING_INTERVAL_SECONDS", "300")
                .containsEntry("CLEANUP_EXPIRED_LOCKS_SECONDS", "60")
                .containsEntry("LOG_LEVEL", "INFO")
                .containsEntry("DEBUG", "false")
                .containsEntry("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "15")
                .containsEntry("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "7")
                .containsEntry("REDIS_ENABLED", "false")
                .containsEntry("CLEARING_MODE", "cycles")
                .doesNotContainKeys("JWT_SECRET", "ADMIN_TOKEN", "DATABASE_URL");
    }

    @Test
    void warningLogLevelReachesTheHubAsWarnWhichItAccepts() {
        GeoHub hub = HubFixtures.minimal("hub");
        hub.getSpec().getSettings().setLogLevel(HubSettings.LogLevel.WARNING);

        assertThat(HubConfigMap.desired(hub).getData()).containsEntry("LOG_LEVEL", "WARN");

        hub.getSpec().getSettings().setLogLevel(HubSettings.LogLevel.TRACE);
        assertThat(HubConfigMap.desired(hub).getData()).containsEntry("LOG_LEVEL", "TRACE");
    }

    @Test
    void migrationAndClearingRunWithTheHubsResourcesSoAQuotaAdmitsThem() {
        GeoHub hub = HubFixtures.minimal("hub");
        ResourceRequirements wanted = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("500m"))
                .addToRequests("memory", new Quantity("768Mi"))
                .addToLimits("memory", new Quantity("1536Mi"))
                .build();
        hub.getSpec().setResources(wanted);

        assertThat(HubDeployment.desired(hub, "c", "s").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getResources()).isEqualTo(wanted);
        assertThat(MigrationJob.desired(hub).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getResources()).isEqualTo(wanted);
        assertThat(ClearingCronJob.desired(hub).getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getResources()).isEqualTo(wanted);
    }

    @Test
    void withoutResourcesEveryHubContainerStillRequestsCpuAndMemory() {
        GeoHub hub = HubFixtures.minimal("hub");

        ResourceRequirements migration = MigrationJob.desired(hub).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getResources();

        assertThat(migration.getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(migration.getLimits()).containsEntry("memory", new Quantity("1Gi"));
    }
}
