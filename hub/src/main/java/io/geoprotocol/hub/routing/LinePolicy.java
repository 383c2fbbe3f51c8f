package io.geoprotocol.hub.routing;

import java.util.Set;

/**
 * Policy a line owner (the truster, {@code from}) attaches to a trust line.
 *
 * @param autoClearing        debts under this line may be cleared in cycles without asking
 * @param canBeIntermediate   when false, the owner accepts payments over this line only as the
 *                            final payee, never while relaying a payment onwards
 * @param blockedParticipants a route using this line may not pass through any of these PIDs
 *                            as an intermediate
 */
public record LinePolicy(boolean autoClearing, boolean canBeIntermediate, Set<String> blockedParticipants) {

    public static final LinePolicy DEFAULT = new LinePolicy(true, true, Set.of());

    public LinePolicy {
        blockedParticipants = blockedParticipants == null ? Set.of() : Set.copyOf(blockedParticipants);
    }
}
