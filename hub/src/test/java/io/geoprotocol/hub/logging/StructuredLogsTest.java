package io.geoprotocol.hub.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.database.DatabaseUrl;
import io.geoprotocol.hub.database.Migrations;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubProcess;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestPostgres;
import io.r2dbc.spi.ConnectionFactories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the hub as its own process with {@code LOG_FORMAT=json} at DEBUG, drives a login and a
 * payment, and reads what it wrote: every line is a JSON object, request lines carry the request
 * id and event fields, and no token, signature or challenge appears anywhere.
 */
class StructuredLogsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void jsonLinesParseCarryRequestIdsAndHoldNoSecrets() throws Exception {
        DatabaseUrl url = TestPostgres.freshDatabase();
        Migrations.apply(url);
        DatabaseClient db = DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + url.user() + "@"
                + url.host() + ":" + url.port() + "/" + url.database()));
        Map<String, String> env = Map.of(
                "DATABASE_URL", TestPostgres.asEnvironmentUrl(url),
                "JWT_SECRET", "logs-test-jwt-secret-0123456789abcdef0123456789",
                "ADMIN_TOKEN", "logs-test-admin-token-0123456789",
                "LOG_FORMAT", "json",
                "LOG_LEVEL", "DEBUG");
        TokenService tokens = new TokenService(HubSettings.load(env::get), Clock.systemUTC());
        TestCommunity community = new TestCommunity(db, tokens);
        String eq = community.equivalent(2);
        var alice = community.member("Alice");
        var bob = community.member("Bob");
        community.trustLine(bob, alice, eq, "100");

        Path log = HubProcess.logFile("structured-logs").toPath();
        Files.deleteIfExists(log);
        List<String> secrets = new ArrayList<>();
        String txId = Payments.newTxId();
        try (HubProcess hub = HubProcess.start(env, log)) {
            WebTestClient client = WebTestClient.bindToServer().baseUrl(hub.baseUrl()).build();

            JsonNode challenge = JSON.readTree(client.post().uri("/api/v1/auth/challenge")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("pid", alice.pid()))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
            String text = challenge.get("challenge").asString();
            String signature = alice.keys().sign(text.getBytes(StandardCharsets.UTF_8));
            JsonNode login = JSON.readTree(client.post().uri("/api/v1/auth/login")
                    .header("X-Request-ID", "req-login-1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("pid", alice.pid(), "challenge", text, "signature", signature))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
            String access = login.get("access_token").asString();

            var body = Payments.body(alice, txId, bob, eq, "5", null);
            client.post().uri("/api/v1/payments")
                    .header("Authorization", "Bearer " + access)
                    .header("X-Request-ID", "req-pay-1")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isOk();

            secrets.add(text);
            secrets.add(signature);
            secrets.add(access);
            secrets.add(login.get("refresh_token").asString());
            secrets.add(body.get("signature").asString());
            secrets.add(alice.accessToken());
            secrets.add("logs-test-jwt-secret-0123456789abcdef0123456789");
            secrets.add("logs-test-admin-token-0123456789");
        }

        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(10);
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                parsed.add(JSON.readTree(line));
            }
        }
        assertThat(parsed).as("lines written by the hub once logging started").hasSizeGreaterThan(10);
        assertThat(parsed).allMatch(n -> n.has("timestamp") && n.has("level") && n.has("logger") && n.has("message"));
        assertThat(parsed).anyMatch(n -> "req-pay-1".equals(n.path("request_id").asString(""))
                && "payment_committed".equals(n.path("event").asString(""))
                && txId.equals(n.path("tx_id").asString("")) && n.has("equivalent"));
        assertThat(parsed).anyMatch(n -> "req-login-1".equals(n.path("request_id").asString("")));

        String all = String.join("\n", lines);
        for (String secret : secrets) {
            assertThat(all).as("log must not contain a secret").doesNotContain(secret);
        }
    }
}
