package io.geoprotocol.hub.routing;

/** Outcome of {@link Router#route}: a plan, or a failure with the amount that was reachable. */
public sealed interface RouteResult permits RouteResult.Found, RouteResult.Failed {

    record Found(RoutePlan plan) implements RouteResult {
    }

    /**
     * @param reason       why routing failed
     * @param maxAvailable the most the router could move within the same constraints
     *                     (0 for {@link RouteFailure#NO_ROUTE})
     */
    record Failed(RouteFailure reason, long maxAvailable) implements RouteResult {
    }
}
