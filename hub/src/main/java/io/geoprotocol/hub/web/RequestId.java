package io.geoprotocol.hub.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/** The request id carried by {@code X-Request-ID}: echoed when the client sent a sane one. */
public final class RequestId {

    public static final String HEADER = "X-Request-ID";
    public static final String ATTRIBUTE = "geo.request_id";
    public static final String MDC_KEY = "request_id";

    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:/+=-]{1,128}$");

    private RequestId() {
    }

    /** A client value is kept only if it cannot forge log lines or headers. */
    public static String accept(String clientValue) {
        if (clientValue != null && SAFE.matcher(clientValue).matches()) {
            return clientValue;
        }
        return UUID.randomUUID().toString();
    }

    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : "";
    }
}
