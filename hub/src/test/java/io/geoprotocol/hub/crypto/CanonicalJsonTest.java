package io.geoprotocol.hub.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geoprotocol.hub.web.ApiException;
import io.geoprotocol.hub.web.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The signed byte string must be exactly what a client of the reference hub produces with
 * {@code json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)} encoded
 * as UTF-8; expected strings below were produced that way.
 */
class CanonicalJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    @Test
    void sortsKeysAtEveryLevelIncludingInsideArrays() {
        JsonNode node = parse("{\"b\": {\"z\": 1, \"a\": [{\"d\": 1, \"c\": 2}]}, \"a\": \"x\"}");

        assertThat(CanonicalJson.text(node)).isEqualTo("{\"a\":\"x\",\"b\":{\"a\":[{\"c\":2,\"d\":1}],\"z\":1}}");
    }

    @Test
    void keepsArrayOrderAndWritesScalarsPlainly() {
        JsonNode node = parse("[3, 1, 2, true, false, null, \"s\", {}, []]");

        assertThat(CanonicalJson.text(node)).isEqualTo("[3,1,2,true,false,null,\"s\",{},[]]");
    }

    @Test
    void ordersKeysByCodePointNotByUtf16Unit() {
        // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit (0xFF61 > 0xD83D).
        JsonNode node = parse("{\"é\":1,\"z\":2,\"Z\":3,\"a\":4,\"😀\":5,\"｡\":6,\"\":7,\"ab\":8}");

        assertThat(CanonicalJson.text(node))
                .isEqualTo("{\"\":7,\"Z\":3,\"a\":4,\"ab\":8,\"z\":2,\"é\":1,\"｡\":6,\"😀\":5}");
    }

    @Test
    void writesNonAsciiAsIsAndSignsItsUtf8Bytes() {
        JsonNode node = parse("{\"display_name\":\"Олена\",\"type\":\"person\",\"public_key\":\"AAAA\","
                + "\"profile\":{\"description\":\"Пекарня ☕\",\"contacts\":{\"phone\":\"+380\"}}}");

        assertThat(CanonicalJson.text(node)).isEqualTo("{\"display_name\":\"Олена\",\"profile\":"
                + "{\"contacts\":{\"phone\":\"+380\"},\"description\":\"Пекарня ☕\"},"
                + "\"public_key\":\"AAAA\",\"type\":\"person\"}");
        assertThat(HexFormat.of().formatHex(CanonicalJson.bytes(node))).isEqualTo(
                "7b22646973706c61795f6e616d65223a22d09ed0bbd0b5d0bdd0b0222c2270726f66696c65223a7b22636f6e74"
                + "61637473223a7b2270686f6e65223a222b333830227d2c226465736372697074696f6e223a22d09fd0b5d0bad0"
                + "b0d180d0bdd18f20e29895227d2c227075626c69635f6b6579223a2241414141222c2274797065223a2270657273"
                + "6f6e227d");
    }

    @Test
    void unescapesNonAsciiThatArrivedEscaped() {
        JsonNode node = parse("{\"n\":\"caf\\u00e9 \\ud83d\\ude00\"}");

        assertThat(CanonicalJson.bytes(node)).isEqualTo("{\"n\":\"café 😀\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void escapesControlCharactersQuotesAndBackslashesOnly() {
        JsonNode node = parse("{\"s\":\"\\u0001\\u001f\\n\\t\\r\\b\\f\\\"\\\\\\u007f\\u2028/\"}");

        assertThat(CanonicalJson.text(node))
                .isEqualTo("{\"s\":\"\\u0001\\u001f\\n\\t\\r\\b\\f\\\"\\\\\u007f\u2028/\"}");
    }

    @Test
    void keepsAmountsSentAsStringsExactly() {
        JsonNode node = parse("{\"amount\":\"10.50\",\"limit\":\"0.00000001\",\"big\":\"123456789012345678.12\"}");

        assertThat(CanonicalJson.text(node))
                .isEqualTo("{\"amount\":\"10.50\",\"big\":\"123456789012345678.12\",\"limit\":\"0.00000001\"}");
    }

    @Test
    void writesLargeIntegersExactly() {
        JsonNode node = parse("{\"n\":123456789012345678901234567890,\"m\":-7,\"z\":-0}");

        assertThat(CanonicalJson.text(node)).isEqualTo("{\"m\":-7,\"n\":123456789012345678901234567890,\"z\":0}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\":10.5}", "{\"amount\":1.0}", "{\"amount\":1e3}", "{\"a\":{\"b\":[2.5]}}"})
    void refusesFloatsAndExponentNotation(String json) {
        assertThatThrownBy(() -> CanonicalJson.bytes(parse(json)))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.E009));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"n\":\"\\ud800\"}", "{\"n\":\"x\\udc00y\"}", "{\"\\ud83d\":1}"})
    void refusesLoneSurrogatesThatHaveNoUtf8Form(String json) {
        assertThatThrownBy(() -> CanonicalJson.bytes(parse(json)))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.E009));
    }

    @Test
    void ignoresTheSendersKeyOrderAndWhitespace() {
        JsonNode spaced = parse("{ \"type\" : \"person\",\n  \"display_name\" : \"Bob\" }");
        JsonNode compact = parse("{\"display_name\":\"Bob\",\"type\":\"person\"}");

        assertThat(CanonicalJson.bytes(spaced)).isEqualTo(CanonicalJson.bytes(compact));
        assertThat(CanonicalJson.text(compact)).isEqualTo("{\"display_name\":\"Bob\",\"type\":\"person\"}");
    }

    @Property(tries = 200)
    void insertionOrderNeverChangesTheBytes(@ForAll @Size(max = 12) Map<String, String> entries) {
        List<String> keys = new ArrayList<>(entries.keySet());
        ObjectNode forward = JSON.createObjectNode();
        keys.forEach(k -> forward.put(k, entries.get(k)));
        Collections.shuffle(keys, new Random(keys.size()));
        ObjectNode shuffled = JSON.createObjectNode();
        keys.forEach(k -> shuffled.put(k, entries.get(k)));

        byte[] canonical;
        try {
            canonical = CanonicalJson.bytes(forward);
        } catch (ApiException e) {
            // Generated strings may hold lone surrogates, which are refused whatever the order.
            assertThatThrownBy(() -> CanonicalJson.bytes(shuffled)).isInstanceOf(ApiException.class);
            return;
        }
        assertThat(CanonicalJson.bytes(shuffled)).isEqualTo(canonical);
        assertThat(parse(new String(canonical, StandardCharsets.UTF_8))).isEqualTo(forward);
    }
}
