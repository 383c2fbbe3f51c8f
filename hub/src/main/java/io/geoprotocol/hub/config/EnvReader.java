package io.geoprotocol.hub.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Typed reads of environment keys; a malformed value stops the start with a clear message. */
final class EnvReader {

    private final Function<String, String> lookup;

    EnvReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    Optional<String> optional(String key) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return fallback;
        }

        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "must be a whole number, got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    boolean bool(String key, boolean fallback) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new InvalidSettingException(key, "must be true or false, got '" + raw.get() + "'");
        };
    }

    String choice(String key, String fallback, String... allowed) {
        String given = string(key, fallback);
        String value = given.toLowerCase(Locale.ROOT);
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw new InvalidSettingException(key,
                "must be one of " + String.join(", ", allowed) + ", got '" + given + "'");
    }
}
