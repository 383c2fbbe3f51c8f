package io.geoprotocol.hub.metrics;

import io.micrometer.common.KeyValue;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Labels the framework's {@code http_server_requests} series like {@code geo_http_requests_total}:
 * {@code uri} is the route template, and every request that matches no route is {@code unmatched},
 * so a scan of random URLs cannot grow the series.
 */
@Component
public class HttpServerRequestsConvention extends DefaultServerRequestObservationConvention {

    private final RouteTemplates routes;

    public HttpServerRequestsConvention(RouteTemplates routes) {
        this.routes = routes;
    }

    @Override
    protected KeyValue uri(ServerRequestObservationContext context) {
        return KeyValue.of("uri", routes.of(context.getPathPattern(),
                context.getCarrier().getPath().pathWithinApplication()));
    }
}
