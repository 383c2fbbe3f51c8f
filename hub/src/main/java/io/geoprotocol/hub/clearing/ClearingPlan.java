package io.geoprotocol.hub.clearing;

import java.util.List;

/**
 * Cycles to clear, in order; applied one after the other they never take an edge below zero.
 *
 * @param totalRemoved total debt removed, summed over every edge of every cycle
 * @param complete     false when the search stopped at its work budget, so more cycles may exist
 */
public record ClearingPlan(List<DebtCycle> cycles, long totalRemoved, boolean complete) {

    public ClearingPlan {
        cycles = List.copyOf(cycles);
    }
}
