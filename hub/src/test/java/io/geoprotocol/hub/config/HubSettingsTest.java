package io.geoprotocol.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

    private static HubSettings load(Map<String, String> env) {
        return HubSettings.load(new HashMap<>(env)::get);
    }

    @Test
    void defaultsFollowTheDeploymentDocument() {
        HubSettings s = load(Map.of());

        assertThat(s.port()).isEqualTo(8000);
        assertThat(s.databaseUrl()).isEmpty();
        assertThat(s.embeddedDatabase()).isTrue();
        assertThat(s.devMode()).isTrue();
        assertThat(s.jwtSecret()).isEqualTo(HubSettings.DEFAULT_JWT_SECRET);
        assertThat(s.adminToken()).isEqualTo(HubSettings.DEFAULT_ADMIN_TOKEN);
        assertThat(s.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.refreshTokenTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(s.maxPaymentHops()).isEqualTo(6);
        assertThat(s.seedOnFirstStart()).isTrue();
        assertThat(s.environment()).isEqualTo("development");
        assertThat(s.dataDirectory()).isEqualTo(".geo-hub");
        assertThat(s.trustedProxies().isEmpty()).isTrue();
    }

    @Test
    void externalDatabaseMeansProductionUnlessDebug() {
        HubSettings prod = load(Map.of("DATABASE_URL", "postgresql://h/db"));
        assertThat(prod.devMode()).isFalse();
        assertThat(prod.seedOnFirstStart()).isFalse();
        assertThat(prod.environment()).isEqualTo("production");

        assertThat(load(Map.of("DATABASE_URL", "postgresql://h/db", "DEBUG", "true")).devMode()).isTrue();
    }

    @Test
    void readsOverridesIncludingLegacyNames() {
        HubSettings s = load(Map.of("PORT", "9001", "ACCESS_TOKEN_EXPIRE_MINUTES", "30",
                "JWT_REFRESH_TOKEN_EXPIRE_DAYS", "2", "CLEARING_MODE", "OPTIMAL", "REDIS_URL", "redis://r:6379"));

        assertThat(s.port()).isEqualTo(9001);
        assertThat(s.accessTokenTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.refreshTokenTtl()).isEqualTo(Duration.ofDays(2));
        assertThat(s.clearingMode()).isEqualTo("optimal");
        assertThat(s.redisEnabled()).isTrue();
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(load(Map.of("PORT", "  ", "DATABASE_URL", "")).port()).isEqualTo(8000);
        assertThat(load(Map.of("DATABASE_URL", " ")).embeddedDatabase()).isTrue();
    }

    @Test
    void invalidNumbersAreRefusedWithTheKeyAndValue() {
        assertThatThrownBy(() -> load(Map.of("PORT", "eighty")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PORT must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> load(Map.of("MAX_PAYMENT_HOPS", "50")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("MAX_PAYMENT_HOPS must be between 1 and 10, got 50");
        assertThatThrownBy(() -> load(Map.of("DEBUG", "maybe")))
                .hasMessage("DEBUG must be true or false, got 'maybe'");
        assertThatThrownBy(() -> load(Map.of("CLEARING_MODE", "fast")))
                .hasMessageContaining("CLEARING_MODE must be one of cycles, optimal");
    }

    @Test
    void trustedProxiesAreReadAndAMalformedEntryIsRefusedByName() {
        HubSettings s = load(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8"));
        assertThat(s.trustedProxies()).hasToString("10.0.0.0/8, fd00::/8");
        assertThat(load(Map.of("TRUSTED_PROXIES", " ")).trustedProxies().isEmpty()).isTrue();

        assertThatThrownBy(() -> load(Map.of("TRUSTED_PROXIES", "10.0.0.1, proxy.internal")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges"
                        + " (such as 10.0.0.0/8), got 'proxy.internal'");
        assertThatThrownBy(() -> load(Map.of("TRUSTED_PROXIES", "10.0.0.0/33")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageEndingWith("got '10.0.0.0/33'");
    }

    @Test
    void aMalformedStartValueOfASettingReadElsewhereIsRefusedInOneLine() {
        assertThatThrownBy(() -> HubSettings.load(Map.of("RATE_LIMIT_LOGIN_PER_MINUTE", "ten")::get))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("RATE_LIMIT_LOGIN_PER_MINUTE must be a whole number, got 'ten'");
        assertThatThrownBy(() -> HubSettings.load(Map.of("CLEARING_ENABLED", "maybe")::get))
                .hasMessage("CLEARING_ENABLED must be true or false, got 'maybe'");
        assertThatThrownBy(() -> HubSettings.load(Map.of("WS_BUFFER_SIZE", "0")::get))
                .hasMessageStartingWith("WS_BUFFER_SIZE");
    }
}
