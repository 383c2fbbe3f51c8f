package io.geoprotocol.hub.participants;

import io.geoprotocol.hub.web.ApiException;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of a JSON request body with the contract's rules, failing with E009 and the field
 * name. Bodies are read as trees (not bound to classes) because the signed payload must be built
 * from exactly what the client sent.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The body itself must be a JSON object. */
    public static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        return body;
    }

    /** A string that must be present and not blank. */
    public static String requiredString(JsonNode body, String field) {
        return optionalString(body, field)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> invalid(field, "is required"));
    }

    /** A string that may be absent or null; any other JSON type is refused. */
    public static Optional<String> optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalid(field, "must be a string");
        }
        return Optional.of(value.asString());
    }

    /** An object that may be absent or null; any other JSON type is refused. */
    public static Optional<JsonNode> optionalObject(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw invalid(field, "must be a JSON object");
        }
        return Optional.of(value);
    }

    public static ApiException invalid(String field, String problem) {
        return ApiException.validation("Invalid " + field + ": " + problem, Map.of("field", field));
    }
}
