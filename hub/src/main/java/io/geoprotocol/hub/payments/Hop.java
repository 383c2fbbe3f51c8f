package io.geoprotocol.hub.payments;

/** A directed payment hop: {@code payer} pays {@code payee} (debt moves along the line payee→payer). */
public record Hop(String payer, String payee) {

    public Hop reverse() {
        return new Hop(payee, payer);
    }
}
