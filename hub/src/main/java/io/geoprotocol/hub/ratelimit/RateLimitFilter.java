package io.geoprotocol.hub.ratelimit;

import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.metrics.HubMetrics;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.web.ApiErrorHandler;
import io.geoprotocol.hub.web.ApiException;
import io.geoprotocol.hub.web.ClientAddress;
import io.geoprotocol.hub.web.ErrorCode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits requests per client per minute: {@code RATE_LIMIT_PER_MINUTE} for everything, and the
 * stricter {@code RATE_LIMIT_LOGIN_PER_MINUTE} (for challenges and, separately, for logins, per
 * address) and {@code RATE_LIMIT_PAYMENTS_PER_MINUTE} (payment creation) on top. A client is its
 * participant when it sends a valid access token, else its address ({@link ClientAddress}: the
 * client a trusted proxy names, never what an untrusted peer claims). Refusals are 429 with the
 * E009 envelope and {@code Retry-After}; health, metrics and the API docs are never limited.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class RateLimitFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final RateLimiter limiter;
    private final RuntimeSettings runtime;
    private final TokenService tokens;
    private final ApiErrorHandler errors;
    private final HubMetrics metrics;

    public RateLimitFilter(RateLimiter limiter, RuntimeSettings runtime, TokenService tokens, ApiErrorHandler errors,
            HubMetrics metrics) {
        this.limiter = limiter;
        this.runtime = runtime;
        this.tokens = tokens;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!runtime.bool(RuntimeSettings.RATE_LIMIT_ENABLED) || exempt(path)
                || request.getMethod() == HttpMethod.OPTIONS) {
            return chain.filter(exchange);
        }

        String address = address(exchange);
        String scope = scope(request.getMethod(), path);
        int defaultLimit = runtime.intValue(RuntimeSettings.RATE_LIMIT_PER_MINUTE);

        return client(request, address)
                .flatMap(client -> {
                    int specificLimit = scope.equals("payments")
                            ? runtime.intValue(RuntimeSettings.RATE_LIMIT_PAYMENTS_PER_MINUTE)
                            : runtime.intValue(RuntimeSettings.RATE_LIMIT_LOGIN_PER_MINUTE);
                    // Challenge and login are keyed by address: before login there is no participant.
                    Mono<RateLimiter.Decision> specific = switch (scope) {
                        case "challenge", "login" -> limiter.consume(scope, "ip:" + address, specificLimit);
                        case "payments" -> limiter.consume(scope, client, specificLimit);
                        default -> Mono.empty();
                    };

                    return specific
                            .flatMap(d -> d.allowed() ? Mono.empty()
                                    : refuse(exchange, scope, specificLimit, d, client).then(Mono.just(true)))
                            .switchIfEmpty(Mono.defer(() -> limiter.consume("default", client, defaultLimit)
                                    .flatMap(d -> {
                                        exchange.getResponse().getHeaders().set("X-RateLimit-Limit",
                                                Integer.toString(defaultLimit));
                                        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining",
                                                Long.toString(d.remaining()));
                                        return d.allowed()
                                                ? chain.filter(exchange).thenReturn(true)
                                                : refuse(exchange, "default", defaultLimit, d, client)
                                                        .thenReturn(true);
                                    })))
                            .then();
                });
    }

    /**
     * The stricter budget a request draws from besides the default one. Challenge and login have
     * a budget each (both of {@code RATE_LIMIT_LOGIN_PER_MINUTE}): were they one, a client that
     * waits out {@code Retry-After} and starts over could spend every refilled token on its next
     * challenge and never get a login through.
     */
    static String scope(HttpMethod method, String path) {
        if (method != HttpMethod.POST) {
            return "default";
        }
        return switch (path) {
            case "/api/v1/auth/challenge" -> "challenge";
            case "/api/v1/auth/login" -> "login";
            case "/api/v1/payments" -> "payments";
            default -> "default";
        };
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String scope, int limit, RateLimiter.Decision decision,
            String client) {
        metrics.rateLimited(scope);
        log.info("event=rate_limited scope={} client={} retry_after={}", scope, client,
                decision.retryAfterSeconds());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        return errors.write(exchange.getResponse(), new ApiException(ErrorCode.E009, HttpStatus.TOO_MANY_REQUESTS,
                "Rate limit exceeded: at most " + limit + " requests per minute; retry in "
                        + decision.retryAfterSeconds() + " s",
                Map.of("scope", scope, "limit_per_minute", limit, "retry_after_seconds",
                        decision.retryAfterSeconds())));
    }

    /** The participant of a valid access token, else the address. */
    private Mono<String> client(ServerHttpRequest request, String address) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.just("ip:" + address);
        }
        return tokens.accessDecoder().decode(authorization.substring(7).trim())
                .map(jwt -> "pid:" + jwt.getSubject())
                .onErrorResume(e -> Mono.just("ip:" + address));
    }

    static boolean exempt(String path) {
        return path.equals("/metrics") || path.equals("/healthz") || path.startsWith("/health")
                || path.equals("/api/v1/healthz") || path.startsWith("/api/v1/health")
                || path.startsWith("/docs") || path.startsWith("/openapi.json") || path.startsWith("/webjars");
    }

    private static String address(ServerWebExchange exchange) {
        String address = ClientAddress.of(exchange);
        return address == null ? "unknown" : address;
    }
}
