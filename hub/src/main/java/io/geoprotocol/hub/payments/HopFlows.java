package io.geoprotocol.hub.payments;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The amounts a payment moves across each directed hop, summed over all its routes, and the
 * arithmetic that turns them into new debts. Pure, so the ledger's rules can be tested without a
 * database.
 */
public final class HopFlows {

    private final Map<Hop, BigDecimal> flows;

    private HopFlows(Map<Hop, BigDecimal> flows) {
        this.flows = flows;
    }

    public static HopFlows of(Collection<Route> routes) {
        Map<Hop, BigDecimal> flows = new LinkedHashMap<>();
        for (Route route : routes) {
            List<String> path = route.path();
            for (int i = 0; i + 1 < path.size(); i++) {
                flows.merge(new Hop(path.get(i), path.get(i + 1)), route.amount(), BigDecimal::add);
            }
        }
        return new HopFlows(flows);
    }

    public Map<Hop, BigDecimal> flows() {
        return flows;
    }

    /** Every unordered pair touched, as both directed hops; the lines and debts to lock and read. */
    public Set<Hop> pairsBothWays() {
        Set<Hop> pairs = new LinkedHashSet<>();
        for (Hop hop : flows.keySet()) {
            pairs.add(hop);
            pairs.add(hop.reverse());
        }
        return pairs;
    }

    /**
     * Capacity of hop U→V: limit(line V→U) − debt[U owes V] + debt[V owes U] − capacity other
     * payments hold on it. Returns the hops whose flow exceeds it (empty when all fit).
     */
    public List<Shortfall> shortfalls(LedgerView view) {
        List<Shortfall> shortfalls = new ArrayList<>();
        for (var entry : flows.entrySet()) {
            Hop hop = entry.getKey();
            BigDecimal capacity = view.limit(hop.reverse())
                    .subtract(view.debt(hop))
                    .add(view.debt(hop.reverse()))
                    .subtract(view.reserved(hop));
            if (entry.getValue().compareTo(capacity) > 0) {
                shortfalls.add(new Shortfall(hop, entry.getValue(), capacity.max(BigDecimal.ZERO)));
            }
        }
        return shortfalls;
    }

    /**
     * The debts after the payment, for every pair it touches. Paying V first cancels what V owes
     * U; only the rest becomes new debt of U to V. Zero means the row goes away.
     */
    public Map<Hop, BigDecimal> newDebts(LedgerView view) {
        Map<Hop, BigDecimal> debts = new LinkedHashMap<>();
        for (Hop hop : pairsBothWays()) {
            debts.put(hop, view.debt(hop));
        }

        for (var entry : flows.entrySet()) {
            Hop hop = entry.getKey();
            BigDecimal amount = entry.getValue();
            BigDecimal owedBack = debts.get(hop.reverse());
            BigDecimal offset = owedBack.min(amount);
            debts.put(hop.reverse(), owedBack.subtract(offset));
            debts.put(hop, debts.get(hop).add(amount.subtract(offset)));
        }
        return debts;
    }

    /**
     * Debts the payment raises above the line that bounds them. Debts it leaves alone or lowers are
     * not judged, so a frozen line's existing debt does not block offsetting it.
     */
    public static List<Hop> overLimit(Map<Hop, BigDecimal> newDebts, LedgerView view) {
        List<Hop> over = new ArrayList<>();
        for (var entry : newDebts.entrySet()) {
            Hop debt = entry.getKey();
            boolean raised = entry.getValue().compareTo(view.debt(debt)) > 0;
            if (raised && entry.getValue().compareTo(view.limit(debt.reverse())) > 0) {
                over.add(debt);
            }
        }
        return over;
    }

    /** A hop that cannot carry its flow. */
    public record Shortfall(Hop hop, BigDecimal needed, BigDecimal available) {
    }

    /**
     * What the ledger knows of the touched pairs: limits by line (a {@link Hop} from→to names the
     * line "from trusts to"), debts by debtor→creditor, capacity held by other payments by hop.
     */
    public interface LedgerView {

        BigDecimal limit(Hop line);

        BigDecimal debt(Hop debtorToCreditor);

        BigDecimal reserved(Hop hop);
    }
}
