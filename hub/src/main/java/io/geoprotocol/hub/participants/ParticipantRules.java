package io.geoprotocol.hub.participants;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Field rules of participants shared by registration, update and search. */
public final class ParticipantRules {

    public static final Set<String> TYPES = Set.of("person", "business", "hub");
    public static final String DEFAULT_TYPE = "person";
    public static final int MAX_DISPLAY_NAME = 200;

    private ParticipantRules() {
    }

    /** Trimmed, non-empty, at most 200 characters (code points, as PostgreSQL counts them). */
    public static String displayName(String raw) {
        String trimmed = raw == null ? "" : raw.strip();
        if (trimmed.isEmpty()) {
            throw JsonFields.invalid("display_name", "must not be empty");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_DISPLAY_NAME) {
            throw JsonFields.invalid("display_name", "must be at most " + MAX_DISPLAY_NAME + " characters");
        }
        if (trimmed.indexOf('\u0000') >= 0) {
            throw JsonFields.invalid("display_name", "must not contain NUL characters");
        }
        return trimmed;
    }

    public static String type(String raw) {
        if (!TYPES.contains(raw)) {
            throw JsonFields.invalid("type", "must be one of person, business, hub");
        }
        return raw;
    }

    /**
     * The contract's {@code ParticipantProfile}: any keys, but {@code type} and
     * {@code description} are strings (or null) and {@code contacts} an object (or null).
     */
    public static JsonNode profile(JsonNode profile) {
        checkStringOrNull(profile, "type");
        checkStringOrNull(profile, "description");
        JsonNode contacts = profile.get("contacts");
        if (contacts != null && !contacts.isNull() && !contacts.isObject()) {
            throw JsonFields.invalid("profile.contacts", "must be a JSON object");
        }
        if (containsNul(profile)) {
            throw JsonFields.invalid("profile", "must not contain NUL characters");
        }
        return profile;
    }

    /** PostgreSQL's jsonb cannot store U+0000; refuse it here rather than fail at the insert. */
    private static boolean containsNul(JsonNode node) {
        if (node.isString()) {
            return node.asString().indexOf('\u0000') >= 0;
        }
        for (String key : node.propertyNames()) {
            if (key.indexOf('\u0000') >= 0 || containsNul(node.get(key))) {
                return true;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            if (containsNul(node.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static void checkStringOrNull(JsonNode profile, String key) {
        JsonNode value = profile.get(key);
        if (value != null && !value.isNull() && !value.isString()) {
            throw JsonFields.invalid("profile." + key, "must be a string");
        }
    }
}
