package io.geoprotocol.hub.routing;

/** Status of a live trust line as the router sees it; a closed line is removed from the graph. */
public enum LineStatus {
    ACTIVE,
    FROZEN
}
