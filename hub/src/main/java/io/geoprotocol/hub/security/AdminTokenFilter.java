package io.geoprotocol.hub.security;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.web.ApiErrorHandler;
import io.geoprotocol.hub.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /api/v1/admin/**} with the {@code X-Admin-Token} header. The comparison takes the
 * same time whatever the mismatch, so the token cannot be guessed byte by byte.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminTokenFilter implements WebFilter {

    public static final String HEADER = "X-Admin-Token";
    public static final String ADMIN_PREFIX = "/api/v1/admin";

    private final byte[] expectedDigest;
    private final ApiErrorHandler errors;

    public AdminTokenFilter(HubSettings settings, ApiErrorHandler errors) {
        this.expectedDigest = digest(settings.adminToken());
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals(ADMIN_PREFIX) && !path.startsWith(ADMIN_PREFIX + "/")) {
            return chain.filter(exchange);
        }

        String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (presented == null || presented.isEmpty()) {
            return errors.write(exchange.getResponse(), ApiException.unauthorized("Missing " + HEADER + " header"));
        }
        if (!MessageDigest.isEqual(expectedDigest, digest(presented))) {
            return errors.write(exchange.getResponse(), ApiException.forbidden("Invalid admin token"));
        }
        return chain.filter(exchange);
    }

    /** Comparing digests keeps the comparison length-independent as well. */
    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
