package io.geoprotocol.hub.participants;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One row of {@code participants}. */
public record ParticipantRow(
        String pid,
        String publicKey,
        String displayName,
        String type,
        String status,
        int verificationLevel,
        JsonNode profile,
        Instant createdAt,
        Instant updatedAt) {

    public boolean active() {
        return "active".equals(status);
    }
}
