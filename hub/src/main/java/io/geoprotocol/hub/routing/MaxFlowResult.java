package io.geoprotocol.hub.routing;

import java.util.List;

/**
 * Largest amount payable from payer to payee within the hop limit, as paths that each obey
 * the limit and the policies, and the minimum-cut hops that bound it.
 *
 * @param maxAmount  sum of {@code paths}; always payable at once
 * @param upperBound no hop-bounded flow can exceed this
 * @param exact      true when {@code maxAmount == upperBound}
 * @param algorithm  how the figure was obtained, for the API's {@code algorithm} field
 */
public record MaxFlowResult(long maxAmount, List<Route> paths, List<Bottleneck> bottlenecks,
                            long upperBound, boolean exact, String algorithm) {

    public MaxFlowResult {
        paths = List.copyOf(paths);
        bottlenecks = List.copyOf(bottlenecks);
    }

    static MaxFlowResult empty() {
        return new MaxFlowResult(0, List.of(), List.of(), 0, true, MaxFlow.ALGORITHM);
    }
}
