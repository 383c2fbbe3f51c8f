package io.geoprotocol.hub.security;

/** The {@code typ} claim that keeps refresh tokens out of API calls and access tokens out of refresh. */
public enum TokenType {
    ACCESS("access"),
    REFRESH("refresh");

    public static final String CLAIM = "typ";

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
