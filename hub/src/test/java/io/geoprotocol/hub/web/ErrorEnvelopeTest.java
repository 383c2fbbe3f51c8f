package io.geoprotocol.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.ProbeEndpoints;
import io.geoprotocol.hub.support.TestCommunity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Every framework failure answers the contract's envelope, with a useful message and no internals. */
@Import(ProbeEndpoints.class)
class ErrorEnvelopeTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    private TestCommunity.Member member;

    @BeforeEach
    void member() {
        member = new TestCommunity(db, tokens).member("Envelope Tester");
    }

    @Test
    void unknownPathIsNotFoundE001() {
        String body = expectEnvelope(client.get().uri("/no/such/path").exchange(), 404, "E001");
        assertThat(body).contains("Not found");
    }

    @Test
    void unknownApiPathWithTokenIsNotFoundE001() {
        expectEnvelope(client.get().uri("/api/v1/no-such-resource")
                .header("Authorization", member.bearer()).exchange(), 404, "E001");
    }

    @Test
    void wrongMethodIs405WithAllowHeader() {
        var result = client.delete().uri("/healthz").exchange();
        result.expectHeader().valueMatches("Allow", ".*GET.*");
        String body = expectEnvelope(result, 405, "E009");
        assertThat(body).contains("DELETE").contains("GET");
    }

    @Test
    void unsupportedMediaTypeIs415() {
        String body = expectEnvelope(client.post().uri("/test/probe/body")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("name=x").exchange(), 415, "E009");
        assertThat(body).contains("application/json");
    }

    @Test
    void notAcceptableIs406() {
        var result = client.get().uri("/api/v1/equivalents")
                .header("Authorization", member.bearer())
                .accept(MediaType.APPLICATION_XML).exchange();
        result.expectStatus().isEqualTo(406)
                .expectHeader().exists(RequestId.HEADER);
        String body = new String(result.expectBody().returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"code\":\"E009\"").contains("application/json");
    }

    @Test
    void malformedJsonIs400E009WithLocation() {
        String body = expectEnvelope(postJson("/test/probe/body", "{\"name\": \"x\", "), 400, "E009");
        assertThat(body).contains("Malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2, 3]", "\"a string\"", "42"})
    void bodyOfTheWrongShapeIs400E009(String json) {
        String body = expectEnvelope(postJson("/test/probe/body", json), 400, "E009");
        assertThat(body).contains("Request body must be a JSON object");
    }

    @Test
    void fieldOfTheWrongTypeNamesTheField() {
        String body = expectEnvelope(postJson("/test/probe/body", "{\"name\": \"x\", \"count\": \"many\"}"),
                400, "E009");
        assertThat(body).contains("'count'").contains("whole number");
    }

    @Test
    void missingBodyIs400E009() {
        String body = expectEnvelope(client.post().uri("/test/probe/body")
                .contentType(MediaType.APPLICATION_JSON).exchange(), 400, "E009");
        assertThat(body).contains("Request body is missing");
    }

    @Test
    void declaredContentLengthOverTheLimitIs413BeforeReading() {
        byte[] big = new byte[300 * 1024];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        String body = expectEnvelope(client.post().uri("/test/probe/body")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange(), 413, "E009");
        assertThat(body).contains("too large");
    }

    @Test
    void chunkedBodyOverTheCodecLimitIs413() {
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        Flux<DataBuffer> body = Flux.concat(
                Flux.just(buffers.wrap("{\"name\": \"".getBytes(StandardCharsets.UTF_8))),
                Flux.range(0, 20).map(i -> {
                    byte[] letters = new byte[chunk.length];
                    Arrays.fill(letters, (byte) 'a');
                    return buffers.wrap(letters);
                }),
                Flux.just(buffers.wrap("\"}".getBytes(StandardCharsets.UTF_8))));
        String response = expectEnvelope(client.post().uri("/test/probe/body")
                .contentType(MediaType.APPLICATION_JSON).body(body, DataBuffer.class).exchange(), 413, "E009");
        assertThat(response).contains("too large");
    }

    @Test
    void missingRequiredQueryParameterIs400E009() {
        String body = expectEnvelope(client.get().uri("/test/probe/query?limit=5").exchange(), 400, "E009");
        assertThat(body).contains("Missing required query parameter 'q'");
    }

    @Test
    void badQueryParameterTypeIs400E009() {
        String body = expectEnvelope(client.get().uri("/test/probe/query?q=x&limit=lots").exchange(), 400, "E009");
        assertThat(body).contains("'limit'").contains("whole number");
    }

    @Test
    void badPathVariableIs400E009() {
        String body = expectEnvelope(client.get().uri("/test/probe/items/not-a-uuid").exchange(), 400, "E009");
        assertThat(body).contains("path variable 'id'").contains("UUID");
    }

    @Test
    void unexpectedFailureIs500E010WithoutInternals() {
        String body = expectEnvelope(client.get().uri("/test/probe/explode").exchange(), 500, "E010");
        assertThat(body).isEqualTo("{\"error\":{\"code\":\"E010\",\"message\":\"Internal error\",\"details\":{}}}");
    }

    @Test
    void missingAccessTokenIs401E006FromTheSecurityChain() {
        var result = client.get().uri("/api/v1/equivalents").exchange();
        result.expectHeader().valueEquals("WWW-Authenticate", "Bearer");
        expectEnvelope(result, 401, "E006");
    }

    /** Asserts status, envelope code, request id and the absence of internals; returns the body. */
    private String expectEnvelope(WebTestClient.ResponseSpec response, int status, String code) {
        EntityExchangeResult<byte[]> result = response
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectHeader().exists(RequestId.HEADER)
                .expectBody()
                .jsonPath("$.error.code").isEqualTo(code)
                .jsonPath("$.error.message").isNotEmpty()
                .returnResult();
        String body = new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("Exception", "java.", "tools.jackson", "springframework", "\tat ",
                "SELECT", "secret_table");
        return body;
    }

    private WebTestClient.ResponseSpec postJson(String path, String json) {
        return client.method(HttpMethod.POST).uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }
}
