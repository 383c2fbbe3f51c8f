package io.geoprotocol.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.HubReplica;
import io.geoprotocol.hub.support.TestPostgres;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The client address behind a reverse proxy. The test connects from loopback: one hub trusts
 * loopback as its proxy, the other has no {@code TRUSTED_PROXIES} (and believes it runs on
 * Kubernetes, where the framework would otherwise take forwarded headers from any peer). Limits
 * are per replica and in process; every test spends the budgets of addresses of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedClientTest {

    private static final int CHALLENGES_PER_MINUTE = 2;
    private static final String[] LOOPBACK = {"127.0.0.1", "0:0:0:0:0:0:0:1"};

    HubReplica proxied;
    HubReplica direct;

    @BeforeAll
    void start() {
        Map<String, String> limits = Map.of(
                "REDIS_ENABLED", "false",
                "SEED_ON_FIRST_START", "false",
                "RATE_LIMIT_PER_MINUTE", "100000",
                "RATE_LIMIT_LOGIN_PER_MINUTE", Integer.toString(CHALLENGES_PER_MINUTE));
        proxied = HubReplica.start(TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase()),
                with(limits, "TRUSTED_PROXIES", "127.0.0.1, ::1"));
        direct = HubReplica.start(TestPostgres.asEnvironmentUrl(TestPostgres.freshDatabase()),
                with(limits, "spring.main.cloud-platform", "kubernetes"));
    }

    @AfterAll
    void stop() {
        proxied.close();
        direct.close();
    }

    @Test
    void clientsBehindATrustedProxyHaveABudgetEach() {
        spendBudget(proxied, h -> h.add("X-Forwarded-For", "203.0.113.1"));
        assertThat(challenge(proxied, h -> h.add("X-Forwarded-For", "203.0.113.1"))).isEqualTo(429);

        assertThat(challenge(proxied, h -> h.add("X-Forwarded-For", "203.0.113.2"))).isNotEqualTo(429);
        assertThat(challenge(proxied, h -> h.add("X-Forwarded-For", "2001:db8::2"))).isNotEqualTo(429);
        assertThat(challenge(proxied, h -> h.add("Forwarded", "for=203.0.113.3;proto=https")))
                .isNotEqualTo(429);
    }

    @Test
    void theClientIsTheAddressLeftOfTheTrustedHopsAndTheProxyItselfKeepsABudgetOfItsOwn() {
        spendBudget(proxied, h -> h.add("X-Forwarded-For", "203.0.113.6, 127.0.0.1"));
        assertThat(challenge(proxied, h -> h.add("X-Forwarded-For", "203.0.113.6"))).isEqualTo(429);

        assertThat(challenge(proxied, h -> { })).isNotEqualTo(429);
    }

    @Test
    void addressesAClientWritesLeftOfWhatTheProxySawDoNotBuyAFreshBudget() {
        for (int i = 0; i < CHALLENGES_PER_MINUTE; i++) {
            String spoof = "198.51.100." + (i + 1);
            assertThat(challenge(proxied, h -> h.add("X-Forwarded-For", spoof + ", 203.0.113.4")))
                    .isNotEqualTo(429);
        }
        assertThat(challenge(proxied, h -> h.add("X-Forwarded-For", "198.51.100.99, 203.0.113.4, 127.0.0.1")))
                .isEqualTo(429);
    }

    @Test
    void anUntrustedPeerCannotDodgeTheLimitWithForwardedHeaders() {
        for (int i = 0; i < CHALLENGES_PER_MINUTE; i++) {
            String spoof = "198.51.100." + (i + 10);
            assertThat(challenge(direct, h -> h.add("X-Forwarded-For", spoof))).isNotEqualTo(429);
        }
        assertThat(challenge(direct, h -> {
            h.add("X-Forwarded-For", "198.51.100.20");
            h.add("X-Real-IP", "198.51.100.21");
            h.add("Forwarded", "for=198.51.100.22");
        })).isEqualTo(429);
    }

    @Test
    void theAuditLogRecordsThePeerWhenItIsNoTrustedProxy() {
        assertThat(configChangeAuditedAs(direct, "198.51.100.30")).isIn((Object[]) LOOPBACK);
        assertThat(equivalentCreationAuditedAs(direct, "198.51.100.31")).isIn((Object[]) LOOPBACK);
    }

    @Test
    void theAuditLogRecordsTheClientTheTrustedProxyNames() {
        assertThat(configChangeAuditedAs(proxied, "203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(equivalentCreationAuditedAs(proxied, "198.51.100.40, 203.0.113.7")).isEqualTo("203.0.113.7");
    }

    private static void spendBudget(HubReplica hub, Consumer<HttpHeaders> headers) {
        for (int i = 0; i < CHALLENGES_PER_MINUTE; i++) {
            assertThat(challenge(hub, headers)).isNotEqualTo(429);
        }
    }

    private static int challenge(HubReplica hub, Consumer<HttpHeaders> headers) {
        return hub.client().post().uri("/api/v1/auth/challenge")
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pid", "NoSuchPid"))
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }

    /** Changes a runtime setting as {@code forwardedFor}; returns the address of its audit row. */
    private static String configChangeAuditedAs(HubReplica hub, String forwardedFor) {
        String requestId = UUID.randomUUID().toString();
        hub.client().method(HttpMethod.PATCH).uri("/api/v1/admin/config")
                .header("X-Admin-Token", HubIntegrationTest.ADMIN_TOKEN)
                .header("X-Request-ID", requestId)
                .header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("updates", Map.of("MAX_PAYMENT_HOPS", 5), "reason", "proxy test"))
                .exchange()
                .expectStatus().isOk();
        return auditedAddress(hub, requestId);
    }

    /** Creates an equivalent as {@code forwardedFor}; returns the address of its audit row. */
    private static String equivalentCreationAuditedAs(HubReplica hub, String forwardedFor) {
        String requestId = UUID.randomUUID().toString();
        String code = "P" + requestId.replace("-", "").substring(0, 12).toUpperCase();
        hub.client().post().uri("/api/v1/admin/equivalents")
                .header("X-Admin-Token", HubIntegrationTest.ADMIN_TOKEN)
                .header("X-Request-ID", requestId)
                .header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", code))
                .exchange()
                .expectStatus().isOk();
        return auditedAddress(hub, requestId);
    }

    private static String auditedAddress(HubReplica hub, String requestId) {
        return hub.bean(DatabaseClient.class)
                .sql("SELECT ip_address FROM audit_log WHERE request_id = :id")
                .bind("id", requestId)
                .map((row, meta) -> row.get("ip_address", String.class))
                .one()
                .block();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
