package io.geoprotocol.hub.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The signed requests the client documentation shows are true: each documented signature verifies
 * over the documented text with the documented key, that text is the canonical JSON of the
 * request, and the hub accepts every request exactly as written, in the order the pages give them.
 */
class DocumentedSignedExamplesTest extends HubIntegrationTest {

    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- signed-example: (\\S+) (\\S+) -->\\s*```json\\n(.*?)```.*?```(?:text)?\\n(.*?)\\n```",
            Pattern.DOTALL);

    private static final DemoKeys OLENA = DemoKeys.of("docs-example");
    private static final DemoKeys BOHDAN = DemoKeys.of("docs-example-bob");

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    JsonMapper json;

    record Example(String page, HttpMethod method, String path, String body, String signedText) {

        String id() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    @Test
    void everyDocumentedSignatureVerifiesOverTheDocumentedCanonicalText() throws IOException {
        List<Example> examples = examples();

        assertThat(examples).extracting(Example::path)
                .contains("/api/v1/participants", "/api/v1/trustlines", "/api/v1/payments");
        for (Example example : examples) {
            ObjectNode request = (ObjectNode) json.readTree(example.body());
            String signature = request.remove("signature").asString();
            if (example.method() != HttpMethod.POST) {
                request.put("id", example.id());
            }

            assertThat(CanonicalJson.text(request)).as(example.page() + " " + example.path())
                    .isEqualTo(example.signedText());
            assertThat(Ed25519.verify(OLENA.publicKey(), example.signedText().getBytes(StandardCharsets.UTF_8),
                    signature)).as("signature of " + example.method() + " " + example.path()).isTrue();
        }
    }

    @Test
    void theHubAcceptsEveryDocumentedRequestAsWritten() throws IOException {
        db.sql("INSERT INTO equivalents (code, precision) VALUES ('UAH', 2) ON CONFLICT (code) DO NOTHING")
                .fetch().rowsUpdated().block();
        register(BOHDAN, "Bohdan");
        String olena = "Bearer " + tokens.issue(OLENA.pid()).accessToken();
        String bohdan = "Bearer " + tokens.issue(BOHDAN.pid()).accessToken();
        UUID created = null;

        for (Example example : examples()) {
            String path = example.path();
            if (path.endsWith("/payments")) {
                trustOlena(bohdan);
            }
            if (example.method() != HttpMethod.POST && created != null) {
                // The pages show a fixed line id; the line made by the create example takes it.
                db.sql("UPDATE trust_lines SET id = :doc WHERE id = :created")
                        .bind("doc", UUID.fromString(example.id()))
                        .bind("created", created)
                        .fetch().rowsUpdated().block();
                created = null;
            }

            JsonNode answer = client.method(example.method()).uri(path)
                    .header("Authorization", olena)
                    .header("Content-Type", "application/json")
                    .bodyValue(example.body())
                    .exchange()
                    .expectStatus().is2xxSuccessful()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();

            if (path.equals("/api/v1/trustlines")) {
                created = UUID.fromString(answer.path("id").asString());
            }
            if (path.endsWith("/payments")) {
                assertThat(answer.path("status").asString()).isEqualTo("COMMITTED");
            }
        }
    }

    private void register(DemoKeys keys, String name) {
        ObjectNode payload = json.createObjectNode()
                .put("display_name", name)
                .put("type", "person")
                .put("public_key", keys.publicKeyBase64());
        ObjectNode body = payload.deepCopy().put("signature", keys.sign(CanonicalJson.bytes(payload)));
        client.post().uri("/api/v1/participants").bodyValue(body).exchange().expectStatus().isCreated();
    }

    /** The payment example needs Bohdan to trust Olena. */
    private void trustOlena(String bohdan) {
        ObjectNode payload = json.createObjectNode()
                .put("to", OLENA.pid())
                .put("equivalent", "UAH")
                .put("limit", "200.00");
        ObjectNode body = payload.deepCopy().put("signature", BOHDAN.sign(CanonicalJson.bytes(payload)));
        client.post().uri("/api/v1/trustlines").header("Authorization", bohdan).bodyValue(body)
                .exchange().expectStatus().isCreated();
    }

    /** The marked examples of the authentication page first (it registers the signer), then the guide's. */
    private static List<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        for (String page : List.of("api-auth.md", "api-guide.md")) {
            Matcher m = EXAMPLE.matcher(Files.readString(Path.of("..", "docs", page)));
            while (m.find()) {
                examples.add(new Example(page, HttpMethod.valueOf(m.group(1)), m.group(2), m.group(3),
                        m.group(4).strip()));
            }
        }
        return examples;
    }
}
