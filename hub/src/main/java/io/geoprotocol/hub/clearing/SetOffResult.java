package io.geoprotocol.hub.clearing;

import java.util.List;

/**
 * The optimal set-off of a debt graph.
 *
 * @param reductions   every debt that shrinks, with its old and new amount
 * @param totalRemoved sum of all reductions: the most debt removable without changing any
 *                     participant's net balance
 * @param cycles       the same reductions split into cycles, for the record; they may be
 *                     longer than the cycle-clearing limit, and include mutual pairs
 */
public record SetOffResult(List<Reduction> reductions, long totalRemoved, List<DebtCycle> cycles) {

    public SetOffResult {
        reductions = List.copyOf(reductions);
        cycles = List.copyOf(cycles);
    }
}
