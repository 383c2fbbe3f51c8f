package io.geoprotocol.hub.participants;

import java.util.Optional;

/**
 * Query parameters of {@code GET /participants} and its {@code /search} alias. Paging follows the
 * reference hub: {@code per_page} (else {@code limit}) is the page size, and the offset applies
 * only when {@code page} or {@code per_page} is given.
 */
public record ListQuery(Optional<String> text, Optional<String> type, int limit, long offset) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;
    private static final int MAX_QUERY_LENGTH = 200;
    private static final int MAX_PAGE = 1_000_000;

    public static ListQuery parse(String q, String type, String limit, String page, String perPage) {
        Optional<String> text = Optional.ofNullable(q).map(String::strip).filter(s -> !s.isEmpty());
        if (text.isPresent() && text.get().length() > MAX_QUERY_LENGTH) {
            throw JsonFields.invalid("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (text.isPresent() && text.get().indexOf('\u0000') >= 0) {
            throw JsonFields.invalid("q", "must not contain NUL characters");
        }

        Optional<String> typeFilter = Optional.ofNullable(type).filter(s -> !s.isEmpty());
        typeFilter.ifPresent(ParticipantRules::type);

        int size = integer("limit", limit, 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        Optional<Integer> pageNumber = integer("page", page, 1, MAX_PAGE);
        Optional<Integer> pageSize = integer("per_page", perPage, 1, MAX_LIMIT);
        if (pageSize.isPresent()) {
            size = pageSize.get();
        }
        long offset = (pageNumber.isPresent() || pageSize.isPresent())
                ? (long) (pageNumber.orElse(1) - 1) * size
                : 0;
        return new ListQuery(text, typeFilter, size, offset);
    }

    private static Optional<Integer> integer(String name, String raw, int min, int max) {
        if (raw == null) {
            return Optional.empty();
        }
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw JsonFields.invalid(name, "must be an integer between " + min + " and " + max);
        }
        if (value < min || value > max) {
            throw JsonFields.invalid(name, "must be an integer between " + min + " and " + max);
        }
        return Optional.of(value);
    }
}
