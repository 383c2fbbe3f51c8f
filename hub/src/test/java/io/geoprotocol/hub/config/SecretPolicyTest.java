package io.geoprotocol.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.geoprotocol.hub.support.LogCapture;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPolicyTest {

    private static final String STRONG_JWT = "0123456789abcdef0123456789abcdef-strong";
    private static final String STRONG_ADMIN = "admin-0123456789abcdef";

    private static HubSettings settings(Map<String, String> env) {
        return HubSettings.load(new HashMap<>(env)::get);
    }

    @Test
    void productionRefusesDefaultSecretsNamingWhatToSet() {
        HubSettings s = settings(Map.of("DATABASE_URL", "postgresql://h/db"));

        assertThatThrownBy(() -> SecretPolicy.enforce(s))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("JWT_SECRET is the documented default")
                .hasMessageContaining("ADMIN_TOKEN is the documented default")
                .hasMessageContaining("openssl rand")
                .hasMessageContaining("DEBUG=true");
    }

    @Test
    void productionRefusesShortSecrets() {
        HubSettings s = settings(Map.of("DATABASE_URL", "postgresql://h/db", "JWT_SECRET", "short",
                "ADMIN_TOKEN", "tiny"));

        assertThatThrownBy(() -> SecretPolicy.enforce(s))
                .hasMessageContaining("JWT_SECRET is shorter than 32 bytes")
                .hasMessageContaining("ADMIN_TOKEN is shorter than 16 characters");
    }

    @Test
    void productionRefusesPlaceholdersCopiedFromAnExampleFile() {
        HubSettings s = settings(Map.of("DATABASE_URL", "postgresql://h/db",
                "JWT_SECRET", "REPLACE-ME-with-the-output-of-openssl-rand-base64-48",
                "ADMIN_TOKEN", "replace-with-the-output-of-openssl-rand-hex-24"));

        assertThatThrownBy(() -> SecretPolicy.enforce(s))
                .hasMessageContaining("JWT_SECRET is a placeholder from an example")
                .hasMessageContaining("ADMIN_TOKEN is a placeholder from an example");
    }

    @Test
    void productionRefusesOnlyTheWeakOne() {
        HubSettings s = settings(Map.of("DATABASE_URL", "postgresql://h/db", "JWT_SECRET", STRONG_JWT));

        assertThatThrownBy(() -> SecretPolicy.enforce(s))
                .hasMessageContaining("ADMIN_TOKEN")
                .hasMessageNotContaining("JWT_SECRET is");
    }

    @Test
    void productionAcceptsStrongSecrets() {
        HubSettings s = settings(Map.of("DATABASE_URL", "postgresql://h/db", "JWT_SECRET", STRONG_JWT,
                "ADMIN_TOKEN", STRONG_ADMIN));

        assertThatCode(() -> SecretPolicy.enforce(s)).doesNotThrowAnyException();
    }

    @Test
    void devModeWarnsAndContinues() {
        try (LogCapture log = new LogCapture(SecretPolicy.class.getName())) {
            assertThatCode(() -> SecretPolicy.enforce(settings(Map.of()))).doesNotThrowAnyException();
            assertThatCode(() -> SecretPolicy.enforce(settings(Map.of("DATABASE_URL", "postgresql://h/db",
                    "DEBUG", "true")))).doesNotThrowAnyException();

            assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("weak_secret_dev_mode") && m.contains("JWT_SECRET"))
                    .anyMatch(m -> m.contains("ADMIN_TOKEN"));
        }
    }

    @Test
    void onlyHs256IsAccepted() {
        HubSettings s = settings(Map.of("DATABASE_URL", "postgresql://h/db", "JWT_SECRET", STRONG_JWT,
                "ADMIN_TOKEN", STRONG_ADMIN, "JWT_ALGORITHM", "RS256"));

        assertThatThrownBy(() -> SecretPolicy.enforce(s)).hasMessageContaining("JWT_ALGORITHM must be HS256");
    }
}
