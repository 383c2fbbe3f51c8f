package io.geoprotocol.hub.events;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Something that happened in the hub, addressed to the participants it concerns. Types without
 * the {@code internal.} prefix are pushed to those participants' WebSocket connections; internal
 * ones only tell replicas to refresh a view (settings, a participant's status) and reach no client.
 */
public record HubEvent(String id, String type, Set<String> recipients, Map<String, Object> data, Instant at) {

    public static final String PAYMENT_COMMITTED = "payment.committed";
    public static final String PAYMENT_ABORTED = "payment.aborted";
    public static final String TRUSTLINE_CREATED = "trustline.created";
    public static final String TRUSTLINE_UPDATED = "trustline.updated";
    public static final String TRUSTLINE_CLOSED = "trustline.closed";
    public static final String CLEARING_APPLIED = "clearing.applied";
    public static final String BALANCE_CHANGED = "balance.changed";

    /** The types a client may name in a subscribe message. */
    public static final Set<String> CLIENT_TYPES = Set.of(PAYMENT_COMMITTED, PAYMENT_ABORTED, TRUSTLINE_CREATED,
            TRUSTLINE_UPDATED, TRUSTLINE_CLOSED, CLEARING_APPLIED, BALANCE_CHANGED);

    public static final String INTERNAL_PREFIX = "internal.";
    public static final String SETTINGS_CHANGED = "internal.settings_changed";
    public static final String PARTICIPANT_STATUS = "internal.participant_status";

    public HubEvent {
        recipients = Set.copyOf(recipients);
        data = Map.copyOf(data);
    }

    public static HubEvent of(String type, Set<String> recipients, Map<String, Object> data) {
        return new HubEvent(UUID.randomUUID().toString(), type, recipients, data, Instant.now());
    }

    public boolean internal() {
        return type.startsWith(INTERNAL_PREFIX);
    }
}
