package io.geoprotocol.hub.trustlines;

import java.util.UUID;

/**
 * Told after a trust line was created, changed or closed, once the change is committed, so
 * in-memory views (the routing graph, event streams) can refresh what they hold about it.
 *
 * <p>Every bean implementing this interface is called, in {@code @Order}; with none the hub
 * simply does nothing. Implementations must be quick and must not throw: the change is already
 * committed, so a failure here is logged and otherwise ignored. The database stays the truth; a
 * listener that missed an event may serve a stale view, never a wrong commit.
 */
public interface TrustLineEvents {

    /** Does nothing; stands in when no listener is registered. */
    TrustLineEvents NONE = (equivalent, lineId) -> {
    };

    void lineChanged(String equivalent, UUID lineId);
}
