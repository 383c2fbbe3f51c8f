package io.geoprotocol.hub.web;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a body whose declared {@code Content-Length} is over the codec limit before anything
 * reads it. Bodies sent without a length are stopped by the codecs at the same limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class BodySizeLimitFilter implements WebFilter {

    private final long limitBytes;
    private final ApiErrorHandler errors;

    public BodySizeLimitFilter(@Value("${spring.codec.max-in-memory-size:256KB}") DataSize limit,
            ApiErrorHandler errors) {
        this.limitBytes = limit.toBytes();
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > limitBytes) {
            // The unread body would otherwise have to be drained from a connection kept alive.
            exchange.getResponse().getHeaders().set("Connection", "close");
            return errors.write(exchange.getResponse(), new ApiException(ErrorCode.E009,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Request body is too large: " + declared + " bytes declared, the limit is " + limitBytes,
                    Map.of("limit_bytes", limitBytes)));
        }
        return chain.filter(exchange);
    }
}
