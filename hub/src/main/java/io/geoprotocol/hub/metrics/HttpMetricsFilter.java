package io.geoprotocol.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Counts and times every request as {@code geo_http_requests_total{method,path,status}} and
 * {@code geo_http_request_duration_seconds{method,path}}. Recorded when the response commits, so
 * the status is the one the client sees, also for failures answered by the error handler.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class HttpMetricsFilter implements WebFilter {

    public static final String REQUESTS = "geo.http.requests";
    public static final String DURATION = "geo.http.request.duration";

    /** The buckets of the reference hub's histogram, so dashboards read the same quantiles. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofMillis(7500), Duration.ofSeconds(10)
    };

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final MeterRegistry registry;
    private final RouteTemplates routes;

    public HttpMetricsFilter(MeterRegistry registry, RouteTemplates routes) {
        this.registry = registry;
        this.routes = routes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long started = System.nanoTime();
        AtomicBoolean recorded = new AtomicBoolean();
        exchange.getResponse().beforeCommit(() -> {
            record(exchange, started, recorded, null);
            return Mono.empty();
        });

        return chain.filter(exchange)
                .doFinally(signal -> record(exchange, started, recorded, signal));
    }

    private void record(ServerWebExchange exchange, long started, AtomicBoolean recorded, SignalType signal) {
        if (!recorded.compareAndSet(false, true)) {
            return;
        }
        String method = exchange.getRequest().getMethod().name();
        method = METHODS.contains(method) ? method : "OTHER";
        String path = routes.of(exchange);
        HttpStatusCode code = exchange.getResponse().getStatusCode();
        String status = signal == SignalType.CANCEL && code == null ? "499"
                : Integer.toString(code == null ? 200 : code.value());

        Counter.builder(REQUESTS)
                .description("HTTP requests by method, route template and status")
                .tags("method", method, "path", path, "status", status)
                .register(registry)
                .increment();
        Timer.builder(DURATION)
                .description("HTTP request duration by method and route template")
                .tags("method", method, "path", path)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
