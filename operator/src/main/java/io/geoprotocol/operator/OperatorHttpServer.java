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
        // Alive while starting (so a slow API server does not cause restarts); once started, a
        // stopped informer makes the operator unhealthy and lets Kubernetes restart it.
        server.createContext("/healthz", exchange -> {
            boolean healthy = !runtime.isStarted() || runtime.allEventSourcesAreHealthy();
            respond(exchange, () -> healthy ? 200 : 503, "text/plain", () -> healthy ? "ok" : "unhealthy");
        });
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
        int status;
        byte[] bytes;
        try {
            status = code.get();
            bytes = body.get().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            // An exception inside the JDK server would leave the probe hanging; answer instead.
            status = 503;
            bytes = ("error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
