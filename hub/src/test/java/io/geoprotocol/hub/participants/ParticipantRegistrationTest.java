package io.geoprotocol.hub.participants;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.crypto.CanonicalJson;
import io.geoprotocol.hub.crypto.DemoKeys;
import io.geoprotocol.hub.crypto.Ed25519;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ParticipantRegistrationTest extends HubIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The request a client of the reference hub sends: signature over the listed keys. */
    static ObjectNode signedRegistration(DemoKeys keys, String name, String type, ObjectNode profile) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("display_name", name);
        payload.put("type", type);
        payload.put("public_key", keys.publicKeyBase64());
        if (profile != null) {
            payload.set("profile", profile);
        }
        ObjectNode body = payload.deepCopy();
        body.put("signature", keys.sign(CanonicalJson.bytes(payload)));
        return body;
    }

    private WebTestClient.ResponseSpec register(Object body) {
        return client.post().uri("/api/v1/participants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body instanceof String s ? s : JSON.writeValueAsString(body))
                .exchange();
    }

    private void expectError(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectBody().jsonPath("$.error.code").isEqualTo(code)
                .jsonPath("$.error.message").isNotEmpty();
    }

    @Test
    void registersWithAValidProofOfPossession() {
        DemoKeys keys = TestCommunity.freshKeys();
        ObjectNode profile = JSON.createObjectNode().put("description", "Пекарня ☕");
        profile.putObject("contacts").put("phone", "+380");

        register(signedRegistration(keys, "Олена", "business", profile))
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.pid").isEqualTo(Ed25519.pid(keys.publicKey()))
                .jsonPath("$.display_name").isEqualTo("Олена")
                .jsonPath("$.type").isEqualTo("business")
                .jsonPath("$.status").isEqualTo("active")
                .jsonPath("$.verification_level").isEqualTo(0)
                .jsonPath("$.public_key").isEqualTo(keys.publicKeyBase64())
                .jsonPath("$.created_at").isNotEmpty()
                .jsonPath("$.updated_at").isNotEmpty()
                .jsonPath("$.profile.description").isEqualTo("Пекарня ☕")
                .jsonPath("$.profile.contacts.phone").isEqualTo("+380");
    }

    @Test
    void omittedTypeDefaultsToPersonAndIsSignedAsPerson() {
        DemoKeys keys = TestCommunity.freshKeys();
        ObjectNode body = signedRegistration(keys, "Default Type", "person", null);
        body.remove("type");

        register(body).expectStatus().isCreated()
                .expectBody().jsonPath("$.type").isEqualTo("person");
    }

    @Test
    void omittedTypeSignedWithoutTypeIsRefused() {
        // The reference hub signs the defaulted type, so a payload signed without it does not verify.
        DemoKeys keys = TestCommunity.freshKeys();
        ObjectNode payload = JSON.createObjectNode()
                .put("display_name", "No Type")
                .put("public_key", keys.publicKeyBase64());
        ObjectNode body = payload.deepCopy().put("signature", keys.sign(CanonicalJson.bytes(payload)));

        expectError(register(body), 400, "E005");
    }

    @Test
    void signatureByAnotherKeyIsRefused() {
        DemoKeys keys = TestCommunity.freshKeys();
        ObjectNode body = signedRegistration(keys, "Mallory", "person", null);
        ObjectNode forged = signedRegistration(TestCommunity.freshKeys(), "Mallory", "person", null);
        body.put("signature", forged.get("signature").asString());

        expectError(register(body), 400, "E005");
    }

    @Test
    void payloadAlteredAfterSigningIsRefused() {
        ObjectNode body = signedRegistration(TestCommunity.freshKeys(), "Honest Name", "person", null);
        body.put("display_name", "Altered Name");

        expectError(register(body), 400, "E005");
    }

    @Test
    void profileAddedAfterSigningIsRefused() {
        ObjectNode body = signedRegistration(TestCommunity.freshKeys(), "Profile Later", "person", null);
        body.putObject("profile").put("description", "added later");

        expectError(register(body), 400, "E005");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reordered", "spaced"})
    void signatureOverNonCanonicalBytesIsRefused(String variant) {
        DemoKeys keys = TestCommunity.freshKeys();
        String name = "Non Canonical " + variant;
        String signedText = variant.equals("reordered")
                ? "{\"type\":\"person\",\"public_key\":\"" + keys.publicKeyBase64()
                        + "\",\"display_name\":\"" + name + "\"}"
                : "{\"display_name\": \"" + name + "\", \"public_key\": \"" + keys.publicKeyBase64()
                        + "\", \"type\": \"person\"}";
        ObjectNode body = JSON.createObjectNode()
                .put("display_name", name)
                .put("type", "person")
                .put("public_key", keys.publicKeyBase64())
                .put("signature", keys.sign(signedText.getBytes(StandardCharsets.UTF_8)));

        expectError(register(body), 400, "E005");
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "empty", "not-base64", "wrong-length"})
    void missingOrMalformedSignatureIsRefused(String variant) {
        ObjectNode body = signedRegistration(TestCommunity.freshKeys(), "Bad Signature", "person", null);
        switch (variant) {
            case "missing" -> body.remove("signature");
            case "empty" -> body.put("signature", "");
            case "not-base64" -> body.put("signature", "%%%not base64%%%");
            default -> body.put("signature", Base64.getEncoder().encodeToString(new byte[63]));
        }

        expectError(register(body), 400, "E005");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong-length", "not-base64", "not-a-point", "empty"})
    void invalidPublicKeyIsRefused(String variant) {
        byte[] notAPoint = new byte[32];
        java.util.Arrays.fill(notAPoint, (byte) 0xFF);
        assertThat(Ed25519.decodePublicKey(Base64.getEncoder().encodeToString(notAPoint))).isEmpty();
        String key = switch (variant) {
            case "wrong-length" -> Base64.getEncoder().encodeToString(new byte[31]);
            case "not-base64" -> "this is not base64 at all!";
            case "not-a-point" -> Base64.getEncoder().encodeToString(notAPoint);
            default -> "";
        };
        ObjectNode body = signedRegistration(TestCommunity.freshKeys(), "Bad Key", "person", null);
        body.put("public_key", key);

        expectError(register(body), 400, "E009");
    }

    @Test
    void duplicateKeyIsAConflict() {
        DemoKeys keys = TestCommunity.freshKeys();
        register(signedRegistration(keys, "First", "person", null)).expectStatus().isCreated();

        expectError(register(signedRegistration(keys, "Second", "business", null)), 409, "E008");
    }

    @Test
    void concurrentRegistrationsOfOneKeyCreateExactlyOne() {
        DemoKeys keys = TestCommunity.freshKeys();
        WebClient web = WebClient.create("http://localhost:" + port);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            bodies.add(JSON.writeValueAsString(signedRegistration(keys, "Racer " + i, "person", null)));
        }

        List<Integer> statuses = Flux.fromIterable(bodies)
                .flatMap(body -> web.post().uri("/api/v1/participants")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 8)
                .collectList()
                .block(java.time.Duration.ofSeconds(30));

        assertThat(statuses).hasSize(8);
        assertThat(Collections.frequency(statuses, 201)).isEqualTo(1);
        assertThat(Collections.frequency(statuses, 409)).isEqualTo(7);
    }

    @Test
    void displayNameIsTrimmedAndMayHoldTwoHundredCharacters() {
        String longName = "😀".repeat(200);
        register(signedRegistration(TestCommunity.freshKeys(), longName, "person", null))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.display_name").isEqualTo(longName);
        register(signedRegistration(TestCommunity.freshKeys(), "  Padded  ", "person", null))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.display_name").isEqualTo("Padded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blank", "too-long", "missing", "number"})
    void invalidDisplayNameIsRefused(String variant) {
        ObjectNode body = signedRegistration(TestCommunity.freshKeys(), "x", "person", null);
        switch (variant) {
            case "blank" -> body.put("display_name", "   ");
            case "too-long" -> body.put("display_name", "a".repeat(201));
            case "missing" -> body.remove("display_name");
            default -> body.put("display_name", 42);
        }

        expectError(register(body), 400, "E009");
    }

    @Test
    void unknownTypeIsRefused() {
        expectError(register(signedRegistration(TestCommunity.freshKeys(), "Org", "organization", null)),
                400, "E009");
    }

    @Test
    void profileMustBeAnObjectOfTheContractsShape() {
        ObjectNode notObject = signedRegistration(TestCommunity.freshKeys(), "P", "person", null);
        notObject.put("profile", "text");
        expectError(register(notObject), 400, "E009");

        ObjectNode badContacts = JSON.createObjectNode().put("contacts", "phone");
        expectError(register(signedRegistration(TestCommunity.freshKeys(), "P", "person", badContacts)),
                400, "E009");
    }

    @Test
    void floatInSignedProfileIsRefused() {
        // No client can sign it canonically, so the signature here is over the string form.
        ObjectNode body = signedRegistration(TestCommunity.freshKeys(), "Float", "person",
                JSON.createObjectNode().put("rating", "4.5"));
        ((ObjectNode) body.get("profile")).put("rating", 4.5);

        expectError(register(body), 400, "E009");
    }

    @Test
    void bodyThatIsNotAnObjectIsRefused() {
        expectError(register("[1,2,3]"), 400, "E009");
        expectError(register("{not json"), 400, "E009");
    }

    @Test
    void failedRegistrationLeavesNoRow() {
        DemoKeys keys = TestCommunity.freshKeys();
        ObjectNode body = signedRegistration(keys, "Ghost", "person", null);
        body.put("display_name", "Changed");
        expectError(register(body), 400, "E005");

        // The same key registers afterwards, so nothing was written by the failed attempt.
        register(signedRegistration(keys, "Ghost", "person", null)).expectStatus().isCreated();
    }
}
