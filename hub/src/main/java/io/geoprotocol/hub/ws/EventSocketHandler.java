package io.geoprotocol.hub.ws;

import io.geoprotocol.hub.events.HubEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The participant's event stream at {@code /api/v1/ws}. The handshake was authenticated by
 * {@link WebSocketAuthFilter}. The client gets a {@code hello}, then every event that concerns
 * it, or only the types named in its last {@code subscribe}; text {@code ping} is answered
 * {@code pong}, and the server sends protocol pings to keep idle connections open.
 */
@Component
public class EventSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(EventSocketHandler.class);

    private final EventSessions sessions;
    private final JsonMapper json;
    private final Duration pingInterval;

    public EventSocketHandler(EventSessions sessions, JsonMapper json, Environment env) {
        this.sessions = sessions;
        this.json = json;
        this.pingInterval = Duration.ofSeconds(env.getProperty("WS_PING_SECONDS", Long.class, 25L));
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(WebSocketAuthFilter.SUBPROTOCOL);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        String pid = session.getHandshakeInfo().getHeaders().getFirst(WebSocketAuthFilter.PID_HEADER);
        if (pid == null) {
            return session.close();
        }
        EventConnection connection = sessions.open(pid);
        log.info("event=ws_connected pid={} session={}", pid, session.getId());

        connection.reply(write(Map.of("type", "hello", "pid", pid, "ts", Instant.now().toString())));
        Mono<Void> inbound = session.receive()
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                .doOnNext(message -> onText(connection, message.getPayloadAsText()))
                .then();
        Flux<WebSocketMessage> pings = Flux.interval(pingInterval, pingInterval)
                .map(i -> session.pingMessage(factory -> factory.wrap(new byte[0])));
        Mono<Void> outbound = session.send(Flux.merge(connection.outbound().map(session::textMessage), pings));

        return Mono.firstWithSignal(inbound, outbound)
                .doFinally(signal -> {
                    sessions.close(connection);
                    log.info("event=ws_disconnected pid={} session={}", pid, session.getId());
                });
    }

    private void onText(EventConnection connection, String text) {
        if (text.trim().equals("ping")) {
            connection.reply("pong");
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (RuntimeException e) {
            connection.reply(error("invalid_json", "Messages are 'ping' or a JSON object"));
            return;
        }
        String type = message.path("type").asString("");
        if (type.equals("ping")) {
            connection.reply(write(Map.of("type", "pong")));
            return;
        }
        if (!type.equals("subscribe")) {
            connection.reply(error("unknown_message", "Known messages: ping, subscribe"));
            return;
        }

        JsonNode events = message.get("events");
        if (events == null || !events.isArray()) {
            connection.reply(error("invalid_events", "subscribe needs an array 'events' of event types"));
            return;
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode item : events) {
            if (!item.isString() || !HubEvent.CLIENT_TYPES.contains(item.asString())) {
                connection.reply(error("invalid_events", "Unknown event type: " + item));
                return;
            }
            types.add(item.asString());
        }
        connection.subscribe(types.isEmpty() ? null : types);
        connection.reply(write(Map.of("type", "subscribed", "events", List.copyOf(types))));
    }

    private String error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", code);
        body.put("message", message);
        return write(body);
    }

    private String write(Map<String, Object> body) {
        return json.writeValueAsString(body);
    }
}
