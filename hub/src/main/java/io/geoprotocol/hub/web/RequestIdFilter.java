package io.geoprotocol.hub.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every exchange its request id before anything else runs, so error responses written by
 * the security chain carry it too, and puts it in the Reactor context for the log lines.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

    private static final Logger accessLog = LoggerFactory.getLogger("io.geoprotocol.hub.access");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = RequestId.accept(exchange.getRequest().getHeaders().getFirst(RequestId.HEADER));
        exchange.getAttributes().put(RequestId.ATTRIBUTE, requestId);
        exchange.getResponse().getHeaders().set(RequestId.HEADER, requestId);

        long started = System.nanoTime();
        return chain.filter(exchange)
                .doFinally(signal -> logAccess(exchange, requestId, started))
                .contextWrite(ctx -> ctx.put(RequestId.MDC_KEY, requestId));
    }

    private static void logAccess(ServerWebExchange exchange, String requestId, long started) {
        if (!accessLog.isInfoEnabled()) {
            return;
        }
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/health") || path.equals("/healthz") || path.equals("/metrics")) {
            return;
        }
        var status = exchange.getResponse().getStatusCode();
        accessLog.info("event=http_request method={} path={} status={} duration_ms={} request_id={}",
                exchange.getRequest().getMethod().name(), path, status == null ? 200 : status.value(),
                (System.nanoTime() - started) / 1_000_000, requestId);
    }
}
