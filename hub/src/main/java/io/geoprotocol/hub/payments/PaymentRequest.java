package io.geoprotocol.hub.payments;

import io.geoprotocol.hub.web.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A payment request as the client sent it, checked for shape. Amount precision is checked later,
 * against the equivalent.
 */
record PaymentRequest(
        String txId,
        String to,
        String equivalent,
        String amount,
        Optional<String> description,
        Optional<Integer> maxHops,
        Optional<Integer> maxPaths,
        Optional<Integer> timeoutMs,
        Set<String> avoid,
        String signature) {

    static final List<String> SIGNED_KEYS = List.of("tx_id", "to", "equivalent", "amount", "description",
            "constraints");

    private static final Pattern TX_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");
    private static final Pattern EQUIVALENT = Pattern.compile("^[A-Z0-9_]{1,16}$");
    private static final Set<String> CONSTRAINT_KEYS = Set.of("max_hops", "max_paths", "timeout_ms", "avoid");
    private static final int MAX_DESCRIPTION = 1000;

    static PaymentRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("Request body must be a JSON object");
        }

        String txId = requiredString(body, "tx_id");
        if (!TX_ID.matcher(txId).matches()) {
            throw invalid("tx_id", "must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        String to = requiredString(body, "to");
        String equivalent = requiredString(body, "equivalent");
        if (!EQUIVALENT.matcher(equivalent).matches()) {
            throw invalid("equivalent", "must match ^[A-Z0-9_]{1,16}$");
        }
        String amount = requiredString(body, "amount");

        Optional<String> description = optionalString(body, "description");
        if (description.isPresent() && description.get().length() > MAX_DESCRIPTION) {
            throw invalid("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }

        JsonNode constraints = body.get("constraints");
        Optional<Integer> maxHops = Optional.empty();
        Optional<Integer> maxPaths = Optional.empty();
        Optional<Integer> timeoutMs = Optional.empty();
        Set<String> avoid = Set.of();
        if (constraints != null && !constraints.isNull()) {
            if (!constraints.isObject()) {
                throw invalid("constraints", "must be an object");
            }
            for (String key : constraints.propertyNames()) {
                if (!CONSTRAINT_KEYS.contains(key)) {
                    throw invalid("constraints." + key, "is not a known constraint (max_hops, max_paths, "
                            + "timeout_ms, avoid)");
                }
            }
            maxHops = optionalInt(constraints, "max_hops", 1, 10);
            maxPaths = optionalInt(constraints, "max_paths", 1, 10);
            timeoutMs = optionalInt(constraints, "timeout_ms", 1, 120_000);
            avoid = avoidList(constraints.get("avoid"));
        }

        JsonNode signature = body.get("signature");
        if (signature == null || signature.isNull() || !signature.isString() || signature.asString().isEmpty()) {
            throw ApiException.invalidSignature("Missing signature");
        }
        return new PaymentRequest(txId, to, equivalent, amount, description, maxHops, maxPaths, timeoutMs, avoid,
                signature.asString());
    }

    private static String requiredString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw invalid(field, "is required");
        }
        if (!value.isString()) {
            throw invalid(field, "must be a string" + ("amount".equals(field) ? " such as \"10.50\"" : ""));
        }
        if (value.asString().isEmpty()) {
            throw invalid(field, "must not be empty");
        }
        return value.asString();
    }

    private static Optional<String> optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalid(field, "must be a string");
        }
        return Optional.of(value.asString());
    }

    private static Optional<Integer> optionalInt(JsonNode node, String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("constraints." + field, "must be a whole number");
        }
        int n = value.intValue();
        if (n < min || n > max) {
            throw invalid("constraints." + field, "must be between " + min + " and " + max);
        }
        return Optional.of(n);
    }

    private static Set<String> avoidList(JsonNode value) {
        if (value == null || value.isNull()) {
            return Set.of();
        }
        if (!value.isArray() || value.size() > 1000) {
            throw invalid("constraints.avoid", "must be an array of participant ids");
        }
        Set<String> avoid = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw invalid("constraints.avoid", "must contain participant ids as strings");
            }
            avoid.add(item.asString());
        }
        return avoid;
    }

    private static ApiException invalid(String field, String problem) {
        return ApiException.validation("Invalid " + field + ": " + problem, Map.of("field", field));
    }
}
