package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the hub's JWT signing secret and admin token come from. */
public class AuthSpec {

    public static final String JWT_SECRET_KEY = "JWT_SECRET";
    public static final String ADMIN_TOKEN_KEY = "ADMIN_TOKEN";

    @JsonPropertyDescription("Secret key holding JWT_SECRET (at least 32 characters). Key default: JWT_SECRET. "
            + "Default: generated once into <name>-auth.")
    private SecretKeyRef jwtSecret;

    @JsonPropertyDescription("Secret key holding ADMIN_TOKEN. Key default: ADMIN_TOKEN. "
            + "Default: generated once into <name>-auth.")
    private SecretKeyRef adminToken;

    public SecretKeyRef getJwtSecret() {
        return jwtSecret;
    }

    public void setJwtSecret(SecretKeyRef jwtSecret) {
        this.jwtSecret = jwtSecret;
    }

    public SecretKeyRef getAdminToken() {
        return adminToken;
    }

    public void setAdminToken(SecretKeyRef adminToken) {
        this.adminToken = adminToken;
    }
}
