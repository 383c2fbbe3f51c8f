package io.geoprotocol.hub.security;

import java.time.Clock;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/** Accepts a token only if it is unexpired, ours, and of the expected type. */
final class TokenValidator implements OAuth2TokenValidator<Jwt> {

    private final TokenType expected;
    private final JwtTimestampValidator timestamps;

    TokenValidator(TokenType expected, Clock clock) {
        this.expected = expected;
        this.timestamps = new JwtTimestampValidator(Duration.ofSeconds(5));
        this.timestamps.setClock(clock);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        OAuth2TokenValidatorResult time = timestamps.validate(jwt);
        if (time.hasErrors()) {
            return time;
        }
        if (jwt.getExpiresAt() == null || jwt.getSubject() == null) {
            return failure("Token lacks expiry or subject");
        }
        if (!TokenService.ISSUER.equals(jwt.getClaimAsString("iss"))) {
            return failure("Token was not issued by this hub");
        }
        if (!expected.claim().equals(jwt.getClaimAsString(TokenType.CLAIM))) {
            return failure("Wrong token type: expected an " + expected.claim() + " token");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
