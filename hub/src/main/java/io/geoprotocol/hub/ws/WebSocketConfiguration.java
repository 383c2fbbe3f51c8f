package io.geoprotocol.hub.ws;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/** Maps {@code /api/v1/ws} to the event stream; {@link WebSocketAuthFilter} guards the handshake. */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfiguration {

    @Bean
    HandlerMapping eventSocketMapping(EventSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of(WebSocketAuthFilter.PATH, handler), -1);
    }
}
