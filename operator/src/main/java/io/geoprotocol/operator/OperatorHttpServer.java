package io.geoprotocol.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The operator's own /healthz, /readyz and /metrics, on the JDK's built-in HTTP server. */
final class OperatorHttpServer {

    private final HttpServer server;

    OperatorHttpServer(int port, RuntimeInfo runtime, PrometheusMeterRegistry registry) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        // Alive as long as the process answers; a stopped informer makes the operator unhealthy.
        server.createContext("/healthz", exchange -> respond(exchange,
                () -> runtime.allEventSourcesAreHealthy() ? 200 : 503, "text/plain", () -> "ok"));
        server.createContext("/readyz", exchange -> respond(exchange,
                () -> runtime.isStarted() ? 200 : 503, "text/plain", () -> runtime.isStarted() ? "ok" : "starting"));
        server.createContext("/metrics", exchange -> respond(exchange, () -> 200,
                "text/plain; version=0.0.4; charset=utf-8", registry::scrape));
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, Supplier<Integer> code, String type, Supplier<String> body)
            throws IOException {
        byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code.get(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
