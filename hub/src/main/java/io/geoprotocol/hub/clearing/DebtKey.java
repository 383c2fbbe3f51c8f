package io.geoprotocol.hub.clearing;

/** Names one debt edge, e.g. a hop a payment has just changed. */
public record DebtKey(String debtor, String creditor) {
}
