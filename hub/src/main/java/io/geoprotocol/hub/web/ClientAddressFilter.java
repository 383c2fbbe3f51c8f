package io.geoprotocol.hub.web;

import io.geoprotocol.hub.config.HubSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Resolves the client's address once per request, before rate limiting and auditing read it
 * through {@link ClientAddress#of}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class ClientAddressFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientAddressFilter.class);

    private final TrustedProxies trusted;

    public ClientAddressFilter(HubSettings settings) {
        this.trusted = settings.trustedProxies();
        if (!trusted.isEmpty()) {
            log.info("event=trusted_proxies proxies=\"{}\"", trusted);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        InetAddress client = ClientAddress.resolve(peer, exchange.getRequest().getHeaders(), trusted);
        if (client != null) {
            exchange.getAttributes().put(ClientAddress.ATTRIBUTE, client.getHostAddress());
        }
        return chain.filter(exchange);
    }
}
