package io.geoprotocol.hub.participants;

import tools.jackson.databind.JsonNode;

/**
 * The contract's {@code Participant}; {@code publicStats} is filled for another participant's
 * card and {@code stats} for {@code /participants/me}. Null fields are left out of the JSON.
 */
public record ParticipantView(
        String pid,
        String displayName,
        String type,
        String status,
        int verificationLevel,
        String publicKey,
        String createdAt,
        String updatedAt,
        JsonNode profile,
        PublicStats publicStats,
        Stats stats) {

    /** {@code ParticipantPublicStats}. */
    public record PublicStats(String totalIncomingTrust, String memberSince) {
    }

    /** {@code ParticipantStats}: sums over every equivalent, as the reference hub reports them. */
    public record Stats(String totalIncomingTrust, String totalOutgoingTrust, String totalDebt,
            String totalCredit, String netBalance) {
    }

    static ParticipantView of(ParticipantRow row) {
        return new ParticipantView(row.pid(), row.displayName(), row.type(), row.status(),
                row.verificationLevel(), row.publicKey(), row.createdAt().toString(),
                row.updatedAt().toString(), row.profile(), null, null);
    }

    ParticipantView withPublicStats(PublicStats publicStats) {
        return new ParticipantView(pid, displayName, type, status, verificationLevel, publicKey, createdAt,
                updatedAt, profile, publicStats, null);
    }

    ParticipantView withStats(Stats stats) {
        return new ParticipantView(pid, displayName, type, status, verificationLevel, publicKey, createdAt,
                updatedAt, profile, null, stats);
    }
}
