package io.geoprotocol.hub.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who sent a request: the TCP peer, unless the peer is a trusted proxy ({@code TRUSTED_PROXIES}),
 * in which case it is the client that proxy names. Headers from any other peer are ignored, so a
 * client cannot pick its own address (and with it a fresh rate-limit budget or a false audit row).
 */
public final class ClientAddress {

    static final String ATTRIBUTE = ClientAddress.class.getName();

    private ClientAddress() {
    }

    /** The client's address as {@link ClientAddressFilter} resolved it; null when unknown. */
    public static String of(ServerWebExchange exchange) {
        String resolved = exchange.getAttribute(ATTRIBUTE);
        if (resolved != null) {
            return resolved;
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /**
     * The client behind {@code peer}. From a trusted proxy: {@code X-Forwarded-For} read from the
     * right, skipping trusted proxies (the first address left of them is the one the nearest
     * trusted proxy saw; anything further left was written by the client and is ignored); without
     * that header, the {@code for=} parameters of {@code Forwarded}, read the same way. When every
     * hop is a trusted proxy, the farthest one is the client; an unreadable hop stops the walk at
     * the last readable one. {@code X-Real-IP} is not read: a proxy that sets only the other
     * headers would pass a client's own {@code X-Real-IP} through untouched.
     */
    static InetAddress resolve(InetAddress peer, HttpHeaders headers, TrustedProxies trusted) {
        if (peer == null || !trusted.trusts(peer)) {
            return peer;
        }

        List<String> forwardedFor = split(headers.get("X-Forwarded-For"));
        if (!forwardedFor.isEmpty()) {
            return rightmostUntrusted(forwardedFor, peer, trusted);
        }

        List<String> forwarded = forwardedFor(headers.get("Forwarded"));
        if (!forwarded.isEmpty()) {
            return rightmostUntrusted(forwarded, peer, trusted);
        }
        return peer;
    }

    private static InetAddress rightmostUntrusted(List<String> hops, InetAddress peer, TrustedProxies trusted) {
        InetAddress nearest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = TrustedProxies.literal(hops.get(i));
            if (hop == null) {
                return nearest;
            }
            if (!trusted.trusts(hop)) {
                return hop;
            }
            nearest = hop;
        }
        return nearest;
    }

    /** Every comma-separated item of every occurrence of a header, in order. */
    private static List<String> split(List<String> values) {
        List<String> items = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.trim());
                    }
                }
            }
        }
        return items;
    }

    /** The {@code for=} value of each element of RFC 7239 {@code Forwarded}; empty when it has none. */
    private static List<String> forwardedFor(List<String> values) {
        List<String> hops = new ArrayList<>();
        for (String element : split(values)) {
            String hop = "";
            for (String pair : element.split(";")) {
                String p = pair.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                    hop = p.substring(4);
                }
            }
            hops.add(hop);
        }
        return hops;
    }
}
