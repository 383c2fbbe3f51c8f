package io.geoprotocol.hub.integrity;

import io.geoprotocol.hub.money.Amounts;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every invariant of one equivalent at one moment: the sum of net balances (zero), debts above
 * their line's limit, pairs owing each other both ways, and the checksum of the debt state.
 */
public record EquivalentCheck(
        String equivalent,
        int precision,
        String checksum,
        int debtCount,
        BigDecimal zeroSum,
        List<Map<String, Object>> overLimit,
        List<Map<String, Object>> mutual) {

    public static final String HEALTHY = "healthy";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    public int limitViolations() {
        return overLimit.size();
    }

    public int mutualPairs() {
        return mutual.size();
    }

    /** Broken sums or limits are critical; unnetted mutual debts only a warning (nothing is lost). */
    public String status() {
        if (zeroSum.signum() != 0 || !overLimit.isEmpty()) {
            return CRITICAL;
        }
        return mutual.isEmpty() ? HEALTHY : WARNING;
    }

    public boolean healthy() {
        return HEALTHY.equals(status());
    }

    /** The sum of net balances with the equivalent's decimals. */
    public String zeroSumText() {
        return Amounts.report(zeroSum, precision);
    }

    /** At most this many offending rows are listed in details. */
    static final int DETAIL_LIMIT = 50;

    public Map<String, InvariantResult> invariants() {
        Map<String, InvariantResult> invariants = new LinkedHashMap<>();
        invariants.put("zero_sum", new InvariantResult(zeroSum.signum() == 0, zeroSumText(), null, null));
        invariants.put("trust_limits", new InvariantResult(overLimit.isEmpty(), null, overLimit.size(),
                overLimit.isEmpty() ? null : Map.of("violations", head(overLimit))));
        invariants.put("debt_symmetry", new InvariantResult(mutual.isEmpty(), null, mutual.size(),
                mutual.isEmpty() ? null : Map.of("violations", head(mutual))));
        return invariants;
    }

    /** Alert lines for this equivalent, empty when healthy. */
    public List<String> alerts() {
        List<String> alerts = new java.util.ArrayList<>();
        if (zeroSum.signum() != 0) {
            alerts.add("Zero-sum violation in " + equivalent + ": net balances sum to " + zeroSumText());
        }
        if (!overLimit.isEmpty()) {
            alerts.add("Trust limit violations in " + equivalent + ": " + overLimit.size());
        }
        if (!mutual.isEmpty()) {
            alerts.add("Debt symmetry violations in " + equivalent + ": " + mutual.size());
        }
        return alerts;
    }

    private static List<Map<String, Object>> head(List<Map<String, Object>> rows) {
        return rows.size() <= DETAIL_LIMIT ? rows : rows.subList(0, DETAIL_LIMIT);
    }
}
