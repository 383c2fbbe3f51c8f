package io.geoprotocol.hub.clearing;

/**
 * What {@code debtor} owes {@code creditor}, and whether the line it lives under
 * ({@code creditor -> debtor}) allows automatic clearing.
 */
public record DebtEdge(String debtor, String creditor, long amount, boolean clearable) {

    public DebtEdge {
        if (debtor == null || creditor == null || debtor.equals(creditor)) {
            throw new IllegalArgumentException("a debt needs two distinct participants");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("a debt cannot be negative: " + amount);
        }
    }
}
