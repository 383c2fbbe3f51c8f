package io.geoprotocol.hub.payments;

import java.util.List;

/** The ledger found a hop of the planned routes without the capacity the router expected. */
class CapacityShortfallException extends RuntimeException {

    private final List<HopFlows.Shortfall> shortfalls;

    CapacityShortfallException(List<HopFlows.Shortfall> shortfalls) {
        super("Capacity changed since routing on " + shortfalls.size() + " hop(s)");
        this.shortfalls = List.copyOf(shortfalls);
    }

    List<HopFlows.Shortfall> shortfalls() {
        return shortfalls;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
