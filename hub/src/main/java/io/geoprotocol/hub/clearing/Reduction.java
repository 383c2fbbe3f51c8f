package io.geoprotocol.hub.clearing;

/** One debt changed by a set-off: it goes from {@code before} down to {@code after}. */
public record Reduction(String debtor, String creditor, long before, long after) {

    public long removed() {
        return before - after;
    }
}
