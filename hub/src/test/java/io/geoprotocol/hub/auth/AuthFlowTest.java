package io.geoprotocol.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.security.TokenType;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuthFlowTest extends HubIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    private TestCommunity community;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
    }

    private WebTestClient.ResponseSpec post(String path, Map<String, ?> body) {
        return client.post().uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(body))
                .exchange();
    }

    private String challenge(Member member) {
        byte[] body = post("/api/v1/auth/challenge", Map.of("pid", member.pid()))
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).get("challenge").asString();
    }

    private static String signChallenge(Member member, String challenge) {
        return member.keys().sign(challenge.getBytes(StandardCharsets.UTF_8));
    }

    private WebTestClient.ResponseSpec login(Member member, String challenge, String signature) {
        return post("/api/v1/auth/login", Map.of("pid", member.pid(), "challenge", challenge,
                "signature", signature, "device_info", Map.of("platform", "test")));
    }

    private JsonNode loginOk(Member member) {
        String challenge = challenge(member);
        byte[] body = login(member, challenge, signChallenge(member, challenge))
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private void expectError(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectBody().jsonPath("$.error.code").isEqualTo(code);
    }

    private WebTestClient.ResponseSpec me(String bearer) {
        return client.get().uri("/api/v1/participants/me").header("Authorization", bearer).exchange();
    }

    @Test
    void challengeIsRandomBase64UrlWithAnExpiry() {
        Member alice = community.member("Alice");

        byte[] body = post("/api/v1/auth/challenge", Map.of("pid", alice.pid()))
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonNode json = JSON.readTree(body);

        String challenge = json.get("challenge").asString();
        assertThat(challenge).matches("^[A-Za-z0-9_-]{43}$");
        assertThat(Base64.getUrlDecoder().decode(challenge)).hasSize(32);
        Instant expires = Instant.parse(json.get("expires_at").asString());
        assertThat(expires).isBetween(Instant.now().plusSeconds(200), Instant.now().plusSeconds(400));
        assertThat(challenge(alice)).isNotEqualTo(challenge);
    }

    @Test
    void challengeForUnknownParticipantIsNotFound() {
        expectError(post("/api/v1/auth/challenge", Map.of("pid", "UnknownPid123")), 404, "E001");
        expectError(post("/api/v1/auth/challenge", Map.of("nope", "x")), 400, "E009");
    }

    @Test
    void loginIssuesAWorkingTokenPair() {
        Member alice = community.member("Alice Login");

        JsonNode pair = loginOk(alice);

        assertThat(pair.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(pair.get("expires_in").asLong()).isEqualTo(15 * 60);
        assertThat(pair.get("refresh_token").asString()).isNotBlank();
        assertThat(pair.get("participant").get("pid").asString()).isEqualTo(alice.pid());
        assertThat(pair.get("participant").get("display_name").asString()).isEqualTo("Alice Login");
        assertThat(pair.get("participant").get("status").asString()).isEqualTo("active");
        me("Bearer " + pair.get("access_token").asString())
                .expectStatus().isOk()
                .expectBody().jsonPath("$.pid").isEqualTo(alice.pid());
    }

    @Test
    void challengeCannotBeUsedTwice() {
        Member alice = community.member("Alice Reuse");
        String challenge = challenge(alice);
        String signature = signChallenge(alice, challenge);

        login(alice, challenge, signature).expectStatus().isOk();
        expectError(login(alice, challenge, signature), 401, "E006");
    }

    @Test
    void concurrentLoginsWithOneChallengeLetOnlyOneIn() {
        Member alice = community.member("Alice Race");
        String challenge = challenge(alice);
        String body = JSON.writeValueAsString(Map.of("pid", alice.pid(), "challenge", challenge,
                "signature", signChallenge(alice, challenge)));
        WebClient web = WebClient.create("http://localhost:" + port);

        List<Integer> statuses = Flux.range(0, 6)
                .flatMap(i -> web.post().uri("/api/v1/auth/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 6)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(Collections.frequency(statuses, 200)).isEqualTo(1);
        assertThat(Collections.frequency(statuses, 401)).isEqualTo(5);
    }

    @Test
    void expiredChallengeIsRefused() {
        Member alice = community.member("Alice Expired");
        String challenge = "expired-" + alice.pid();
        db.sql("INSERT INTO auth_challenges (challenge, pid, expires_at) "
                        + "VALUES (:c, :pid, now() - interval '1 second')")
                .bind("c", challenge)
                .bind("pid", alice.pid())
                .fetch().rowsUpdated().block();

        expectError(login(alice, challenge, signChallenge(alice, challenge)), 401, "E006");
    }

    @Test
    void challengeIssuedToAnotherParticipantIsRefused() {
        Member alice = community.member("Alice Other");
        Member bob = community.member("Bob Other");
        String challenge = challenge(alice);

        expectError(login(bob, challenge, signChallenge(bob, challenge)), 401, "E006");
    }

    @Test
    void signatureByTheWrongKeyIsRefusedAndLeavesTheChallengeUsable() {
        Member alice = community.member("Alice Wrong Key");
        Member mallory = community.member("Mallory");
        String challenge = challenge(alice);

        expectError(login(alice, challenge, signChallenge(mallory, challenge)), 401, "E006");
        login(alice, challenge, signChallenge(alice, challenge)).expectStatus().isOk();
    }

    @Test
    void unknownChallengeIsRefused() {
        Member alice = community.member("Alice Unknown");
        expectError(login(alice, "made-up", signChallenge(alice, "made-up")), 401, "E006");
    }

    @Test
    void loginRequiresItsFields() {
        expectError(post("/api/v1/auth/login", Map.of("pid", "x")), 400, "E009");
    }

    @Test
    void suspendedParticipantCannotLogIn() {
        Member sam = community.member("Suspended Sam", "suspended");
        String challenge = challenge(sam);

        login(sam, challenge, signChallenge(sam, challenge))
                .expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("E006")
                .jsonPath("$.error.message").value(m -> assertThat((String) m).contains("suspended"));
    }

    @Test
    void leftParticipantCannotLogIn() {
        Member lee = community.member("Left Lee", "left");
        String challenge = challenge(lee);

        expectError(login(lee, challenge, signChallenge(lee, challenge)), 403, "E006");
    }

    @Test
    void refreshReturnsANewWorkingPair() {
        Member alice = community.member("Alice Refresh");
        JsonNode first = loginOk(alice);

        byte[] body = post("/api/v1/auth/refresh", Map.of("refresh_token", first.get("refresh_token").asString()))
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonNode second = JSON.readTree(body);

        assertThat(second.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(second.get("participant").get("pid").asString()).isEqualTo(alice.pid());
        assertThat(second.get("access_token").asString()).isNotEqualTo(first.get("access_token").asString());
        me("Bearer " + second.get("access_token").asString()).expectStatus().isOk();
    }

    @Test
    void accessTokenIsRefusedAtRefresh() {
        Member alice = community.member("Alice Confused");

        expectError(post("/api/v1/auth/refresh", Map.of("refresh_token", alice.accessToken())), 401, "E006");
    }

    @Test
    void refreshTokenIsRefusedAsAccessToken() {
        Member alice = community.member("Alice Bearer");
        String refresh = tokens.issue(alice.pid()).refreshToken();

        me("Bearer " + refresh)
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void refreshForASuspendedParticipantIsForbidden() {
        Member alice = community.member("Alice Later Suspended");
        String refresh = tokens.issue(alice.pid()).refreshToken();
        db.sql("UPDATE participants SET status = 'suspended' WHERE pid = :pid")
                .bind("pid", alice.pid())
                .fetch().rowsUpdated().block();

        expectError(post("/api/v1/auth/refresh", Map.of("refresh_token", refresh)), 403, "E006");
    }

    @Test
    void expiredOrForgedRefreshTokenIsRefused() {
        Member alice = community.member("Alice Old Refresh");
        String expired = mint(JWT_SECRET, alice.pid(), TokenType.REFRESH, Instant.now().minusSeconds(60));

        expectError(post("/api/v1/auth/refresh", Map.of("refresh_token", expired)), 401, "E006");
        expectError(post("/api/v1/auth/refresh", Map.of("refresh_token", "garbage")), 401, "E006");
    }

    @Test
    void expiredAccessTokenIsRefused() {
        Member alice = community.member("Alice Expired Token");
        String expired = mint(JWT_SECRET, alice.pid(), TokenType.ACCESS, Instant.now().minusSeconds(60));
        String fresh = mint(JWT_SECRET, alice.pid(), TokenType.ACCESS, Instant.now().plusSeconds(60));

        me("Bearer " + fresh).expectStatus().isOk();
        expectError(me("Bearer " + expired), 401, "E006");
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() {
        Member alice = community.member("Alice Foreign Token");
        String foreign = mint("another-secret-0123456789abcdef0123456789abcdef", alice.pid(), TokenType.ACCESS,
                Instant.now().plusSeconds(600));

        expectError(me("Bearer " + foreign), 401, "E006");
    }

    @Test
    void tamperedTokenIsRefused() {
        Member alice = community.member("Alice Tampered");
        Member bob = community.member("Bob Target");
        String[] parts = alice.accessToken().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(alice.pid(), bob.pid());
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        expectError(me("Bearer " + tampered), 401, "E006");
        expectError(me("Bearer not.a.jwt"), 401, "E006");
    }

    @Test
    void missingTokenIsRefused() {
        client.get().uri("/api/v1/participants/me").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    /** A token as the hub would mint it, but with a chosen secret, type and expiry. */
    private static String mint(String secret, String pid, TokenType type, Instant expiresAt) {
        var key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        var encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(TokenService.ISSUER)
                .subject(pid)
                .issuedAt(expiresAt.minus(Duration.ofMinutes(15)))
                .expiresAt(expiresAt)
                .claim(TokenType.CLAIM, type.claim())
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }
}
