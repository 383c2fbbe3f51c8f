package io.geoprotocol.hub.ws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test WebSocket client that records every text message it receives. */
public final class WsClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<String> protocol = new CompletableFuture<>();
    private final Disposable connection;

    private WsClient(URI uri, HttpHeaders headers, List<String> subProtocols) {
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return subProtocols;
            }

            @Override
            public reactor.core.publisher.Mono<Void> handle(WebSocketSession session) {
                protocol.complete(String.valueOf(session.getHandshakeInfo().getSubProtocol()));
                var in = session.receive()
                        .filter(m -> m.getType() == WebSocketMessage.Type.TEXT)
                        .doOnNext(m -> received.add(m.getPayloadAsText()))
                        .then();
                var out = session.send(outgoing.asFlux().map(session::textMessage));
                return reactor.core.publisher.Mono.zip(in, out).then();
            }
        };
        this.connection = new ReactorNettyWebSocketClient().execute(uri, headers, handler)
                .subscribe(v -> { }, protocol::completeExceptionally);
    }

    /** Connects offering the token as the subprotocol pair {@code bearer, <token>}. */
    public static WsClient withSubprotocol(int port, String token) {
        return new WsClient(uri(port), new HttpHeaders(), List.of("bearer", token));
    }

    /** Connects with {@code Authorization: Bearer <token>}. */
    public static WsClient withHeader(int port, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return new WsClient(uri(port), headers, List.of());
    }

    private static URI uri(int port) {
        return URI.create("ws://localhost:" + port + "/api/v1/ws");
    }

    /** The negotiated subprotocol once connected; fails when the handshake was refused. */
    public String awaitConnected() throws Exception {
        return protocol.get(15, TimeUnit.SECONDS);
    }

    public void send(String text) {
        outgoing.tryEmitNext(text);
    }

    /** The next text message, or null after the timeout. */
    public String next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next JSON message of this type, skipping others; null after the timeout. */
    public JsonNode nextOfType(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = received.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                    TimeUnit.MILLISECONDS);
            if (text == null) {
                return null;
            }
            if (text.startsWith("{")) {
                JsonNode node = JSON.readTree(text);
                if (type.equals(node.path("type").asString(""))) {
                    return node;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
