package io.geoprotocol.hub.equivalents;

/**
 * What refers to an equivalent. Any reference makes its precision fixed (stored amounts would
 * change meaning) and the equivalent undeletable.
 */
public record EquivalentUsage(long trustlines, long debts, long transactions, long paymentReservations,
        long integrityCheckpoints) {

    public boolean inUse() {
        return trustlines + debts + transactions + paymentReservations + integrityCheckpoints > 0;
    }

    /** The contract's {@code AdminEquivalentUsageResponse}, which names only some of the counts. */
    public record Response(String code, long trustlines, long debts, long integrityCheckpoints) {
    }

    Response response(String code) {
        return new Response(code, trustlines, debts, integrityCheckpoints);
    }
}
