package io.geoprotocol.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geoprotocol.hub.GeoHubApplication;
import io.geoprotocol.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingFailureAnalyzerTest {

    @Test
    void analysisNamesTheSettingAndWhereToReadMore() {
        var cause = new InvalidSettingException("JWT_SECRET", "is too short");
        FailureAnalysis analysis = new InvalidSettingFailureAnalyzer()
                .analyze(new BeanCreationException("hubSettings", "wrapped", cause));

        assertThat(analysis.getDescription()).contains("JWT_SECRET is too short");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    @Test
    void startingWithWeakSecretsOutsideDevModeFailsWithAShortReport(CapturedOutput output) {
        String url = TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase());

        assertThatThrownBy(() -> new SpringApplicationBuilder(GeoHubApplication.class)
                .web(WebApplicationType.NONE)
                .properties("DATABASE_URL=" + url, "JWT_SECRET=short", "ADMIN_TOKEN=tiny")
                .run())
                .hasRootCauseInstanceOf(InvalidSettingException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("JWT_SECRET is shorter than 32 bytes")
                .contains("docs/configuration.md")
                .doesNotContain("\tat org.springframework");
    }

    @Test
    void startingWithAMalformedTrustedProxyFailsNamingTheEntry(CapturedOutput output) {
        String url = TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase());

        assertThatThrownBy(() -> new SpringApplicationBuilder(GeoHubApplication.class)
                .web(WebApplicationType.NONE)
                .properties("DATABASE_URL=" + url, "DEBUG=true", "TRUSTED_PROXIES=10.0.0.0/8, ingress.local")
                .run())
                .hasRootCauseInstanceOf(InvalidSettingException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges")
                .contains("got 'ingress.local'");
    }
}
