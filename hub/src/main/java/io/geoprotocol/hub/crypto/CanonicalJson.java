package io.geoprotocol.hub.crypto;

import io.geoprotocol.hub.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The byte string a participant signs: keys sorted by code point at every level, no whitespace,
 * UTF-8 written as is, and only strings, integers, booleans and null as scalars. Floats are
 * refused outright because their text is not stable across languages; amounts travel as strings.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String text(JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            writeObject(node, out);
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            writeString(node.asString(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue().toString());
        } else if (node.isNumber()) {
            throw ApiException.validation("Floating-point numbers are not allowed in signed payloads; "
                    + "send amounts as strings", Map.of("value", node.toString()));
        } else {
            throw ApiException.validation("Unsupported value in signed payload");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<String> keys = new ArrayList<>(node.propertyNames());
        keys.sort(CanonicalJson::compareCodePoints);

        out.append('{');
        boolean first = true;
        for (String key : keys) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(key, out);
            out.append(':');
            write(node.get(key), out);
        }
        out.append('}');
    }

    /** Orders by Unicode code point, as other implementations' sort of keys does. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        i = appendSurrogatePair(s, i, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * A lone surrogate (which a JSON escape of U+D800 to U+DFFF can produce) has no UTF-8 form:
     * Java would sign a '?' in its place and other implementations fail, so it is refused.
     */
    private static int appendSurrogatePair(String s, int i, StringBuilder out) {
        char high = s.charAt(i);
        if (Character.isHighSurrogate(high) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(high).append(s.charAt(i + 1));
            return i + 1;
        }
        throw ApiException.validation(
                "Strings in signed payloads must be valid Unicode (lone surrogate found)");
    }
}
