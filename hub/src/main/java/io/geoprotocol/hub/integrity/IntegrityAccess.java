package io.geoprotocol.hub.integrity;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.security.AdminTokenFilter;
import io.geoprotocol.hub.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may use {@code /api/v1/integrity}: reads need a participant's access token or the admin
 * token; repairs need the admin token ({@code X-Admin-Token}, compared in constant time). The
 * paths lie outside {@code /api/v1/admin}, so the admin filter does not guard them.
 */
@Component
public class IntegrityAccess {

    private final byte[] expectedDigest;

    public IntegrityAccess(HubSettings settings) {
        this.expectedDigest = digest(settings.adminToken());
    }

    public Mono<Void> participantOrAdmin(Jwt jwt, ServerWebExchange exchange) {
        if (jwt != null) {
            return Mono.empty();
        }
        String presented = exchange.getRequest().getHeaders().getFirst(AdminTokenFilter.HEADER);
        if (presented == null || presented.isEmpty()) {
            return Mono.error(ApiException.unauthorized("Missing, invalid or expired access token"));
        }
        return admin(exchange);
    }

    public Mono<Void> admin(ServerWebExchange exchange) {
        String presented = exchange.getRequest().getHeaders().getFirst(AdminTokenFilter.HEADER);
        if (presented == null || presented.isEmpty()) {
            return Mono.error(ApiException.unauthorized("Missing " + AdminTokenFilter.HEADER + " header"));
        }
        if (!MessageDigest.isEqual(expectedDigest, digest(presented))) {
            return Mono.error(ApiException.forbidden("Invalid admin token"));
        }
        return Mono.empty();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
