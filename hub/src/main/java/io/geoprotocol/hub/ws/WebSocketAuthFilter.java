package io.geoprotocol.hub.ws;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.web.ApiErrorHandler;
import io.geoprotocol.hub.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses the WebSocket handshake (401, before any upgrade) unless it carries a valid access
 * token of an existing participant: either as the subprotocol pair {@code bearer, <token>} in
 * {@code Sec-WebSocket-Protocol}, the way browser clients must send it, or as
 * {@code Authorization: Bearer <token>}. The participant's PID goes on to the session.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class WebSocketAuthFilter implements WebFilter {

    public static final String PATH = "/api/v1/ws";
    /**
     * Carries the authenticated PID from this filter to the handler inside the handshake request;
     * whatever a client sends under this name is removed first.
     */
    public static final String PID_HEADER = "X-Geo-Authenticated-Pid";
    public static final String SUBPROTOCOL = "bearer";

    private static final Logger log = LoggerFactory.getLogger(WebSocketAuthFilter.class);

    private final TokenService tokens;
    private final DatabaseClient db;
    private final ApiErrorHandler errors;

    public WebSocketAuthFilter(TokenService tokens, DatabaseClient db, ApiErrorHandler errors) {
        this.tokens = tokens;
        this.db = db;
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!PATH.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        ServerWebExchange stripped = exchange.mutate()
                .request(r -> r.headers(h -> h.remove(PID_HEADER)))
                .build();
        String token = token(exchange.getRequest().getHeaders());
        if (token == null) {
            return refuse(exchange, "Missing access token: send the subprotocols 'bearer, <token>' "
                    + "or an Authorization: Bearer header");
        }

        return tokens.accessDecoder().decode(token)
                .flatMap(jwt -> db.sql("SELECT status FROM participants WHERE pid = :pid")
                        .bind("pid", jwt.getSubject())
                        .map((row, meta) -> row.get("status", String.class))
                        .one()
                        .filter(status -> !"deleted".equals(status))
                        .map(status -> jwt.getSubject()))
                .onErrorResume(e -> Mono.empty())
                .flatMap(pid -> chain.filter(stripped.mutate()
                                .request(r -> r.headers(h -> h.set(PID_HEADER, pid)))
                                .build())
                        .thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> refuse(exchange, "Invalid or expired access token")
                        .thenReturn(false)))
                .then();
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String message) {
        log.info("event=ws_auth_refused request_id={}", exchange.getAttributes().get("geo.request_id"));
        return errors.write(exchange.getResponse(), ApiException.unauthorized(message));
    }

    /** The token from the subprotocol pair, else from the Authorization header. */
    static String token(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String value : headers.getOrEmpty("Sec-WebSocket-Protocol")) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    protocols.add(part.trim());
                }
            }
        }
        if (protocols.size() == 2 && SUBPROTOCOL.equals(protocols.get(0))) {
            return protocols.get(1);
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String value = authorization.substring(7).trim();
            return value.isEmpty() ? null : value;
        }
        return null;
    }
}
