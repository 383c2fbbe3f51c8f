package io.geoprotocol.hub.routing;

/** Why a payment could not be routed. */
public enum RouteFailure {
    /** No path at all within the hop limit and the policies, whatever the capacities. */
    NO_ROUTE,
    /** Paths exist, but within max_paths they carry less than the amount. */
    INSUFFICIENT_CAPACITY,
    /** The payer or the payee is not active (suspended, left, deleted). */
    PARTICIPANT_INACTIVE
}
