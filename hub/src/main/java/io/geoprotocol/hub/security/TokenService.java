package io.geoprotocol.hub.security;

import io.geoprotocol.hub.config.HubSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Issues and reads the hub's HS256 access and refresh tokens. */
@Service
public class TokenService {

    public static final String ISSUER = "geo-hub";

    private final NimbusJwtEncoder encoder;
    private final ReactiveJwtDecoder accessDecoder;
    private final ReactiveJwtDecoder refreshDecoder;
    private final HubSettings settings;
    private final Clock clock;

    public TokenService(HubSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        var key = JwtKeys.hmacKey(settings);
        this.encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
        this.accessDecoder = decoder(key, TokenType.ACCESS, clock);
        this.refreshDecoder = decoder(key, TokenType.REFRESH, clock);
    }

    public record TokenPair(String accessToken, String refreshToken, long expiresIn) {
    }

    public TokenPair issue(String pid) {
        return new TokenPair(
                encode(pid, TokenType.ACCESS, settings.accessTokenTtl()),
                encode(pid, TokenType.REFRESH, settings.refreshTokenTtl()),
                settings.accessTokenTtl().toSeconds());
    }

    /** The decoder behind the resource server: accepts access tokens only. */
    public ReactiveJwtDecoder accessDecoder() {
        return accessDecoder;
    }

    /** Decodes a refresh token; errors when it is expired, forged or an access token. */
    public Mono<Jwt> decodeRefresh(String token) {
        return refreshDecoder.decode(token);
    }

    private String encode(String pid, TokenType type, Duration ttl) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(pid)
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .id(UUID.randomUUID().toString())
                .claim(TokenType.CLAIM, type.claim())
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    private static ReactiveJwtDecoder decoder(javax.crypto.SecretKey key, TokenType type, Clock clock) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(new TokenValidator(type, clock));
        return decoder;
    }
}
