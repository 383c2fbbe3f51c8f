package io.geoprotocol.hub.auth;

import io.geoprotocol.hub.security.TokenService;

/** The contract's {@code TokenPair}. */
public record TokenPairView(String accessToken, String refreshToken, String tokenType, long expiresIn,
        ParticipantPublic participant) {

    /** {@code ParticipantPublic}. */
    public record ParticipantPublic(String pid, String displayName, String status) {
    }

    static TokenPairView of(TokenService.TokenPair pair, String pid, String displayName, String status) {
        return new TokenPairView(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresIn(),
                new ParticipantPublic(pid, displayName, status));
    }
}
