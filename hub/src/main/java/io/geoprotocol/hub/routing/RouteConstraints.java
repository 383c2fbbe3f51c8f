package io.geoprotocol.hub.routing;

import java.util.Set;

/**
 * Limits of one routing request.
 *
 * @param maxHops  longest path, in hops (1..32)
 * @param maxPaths most paths the amount may be split over (1..64)
 * @param avoid    PIDs never used as intermediates
 */
public record RouteConstraints(int maxHops, int maxPaths, Set<String> avoid) {

    public static final int DEFAULT_MAX_HOPS = 6;
    public static final int DEFAULT_MAX_PATHS = 3;
    public static final RouteConstraints DEFAULT =
            new RouteConstraints(DEFAULT_MAX_HOPS, DEFAULT_MAX_PATHS, Set.of());

    public RouteConstraints {
        if (maxHops < 1 || maxHops > 32) {
            throw new IllegalArgumentException("maxHops must be in 1..32: " + maxHops);
        }
        if (maxPaths < 1 || maxPaths > 64) {
            throw new IllegalArgumentException("maxPaths must be in 1..64: " + maxPaths);
        }
        avoid = avoid == null ? Set.of() : Set.copyOf(avoid);
    }

    public RouteConstraints withMaxHops(int hops) {
        return new RouteConstraints(hops, maxPaths, avoid);
    }

    public RouteConstraints withMaxPaths(int paths) {
        return new RouteConstraints(maxHops, paths, avoid);
    }

    public RouteConstraints withAvoid(Set<String> pids) {
        return new RouteConstraints(maxHops, maxPaths, pids);
    }
}
