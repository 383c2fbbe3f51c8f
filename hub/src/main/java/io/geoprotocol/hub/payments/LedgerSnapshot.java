package io.geoprotocol.hub.payments;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** Limits, debts and reservations of the pairs a payment touches, read under the line locks. */
final class LedgerSnapshot implements HopFlows.LedgerView {

    final Map<Hop, BigDecimal> limits = new HashMap<>();
    final Map<Hop, String> lineStatus = new HashMap<>();
    final Map<Hop, BigDecimal> debts = new HashMap<>();
    final Map<Hop, BigDecimal> reserved = new HashMap<>();
    boolean inactiveParticipant;

    @Override
    public BigDecimal limit(Hop line) {
        if (!"active".equals(lineStatus.get(line))) {
            return BigDecimal.ZERO;
        }
        return limits.getOrDefault(line, BigDecimal.ZERO);
    }

    /** The bound on existing debt: a frozen line still holds what is owed under it. */
    BigDecimal limitIgnoringStatus(Hop line) {
        return limits.getOrDefault(line, BigDecimal.ZERO);
    }

    @Override
    public BigDecimal debt(Hop debtorToCreditor) {
        return debts.getOrDefault(debtorToCreditor, BigDecimal.ZERO);
    }

    @Override
    public BigDecimal reserved(Hop hop) {
        return reserved.getOrDefault(hop, BigDecimal.ZERO);
    }
}
