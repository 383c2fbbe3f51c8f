package io.geoprotocol.hub.ws;

import io.geoprotocol.hub.events.EventBus;
import io.geoprotocol.hub.events.HubEvent;
import io.geoprotocol.hub.metrics.HubMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The WebSocket connections of this replica by participant, and the hand-off of events to them. */
@Component
public class EventSessions {

    private final Map<String, Set<EventConnection>> byPid = new ConcurrentHashMap<>();
    private final JsonMapper json;
    private final HubMetrics metrics;
    private final int bufferSize;

    public EventSessions(EventBus bus, JsonMapper json, HubMetrics metrics, Environment env) {
        this.json = json;
        this.metrics = metrics;
        this.bufferSize = env.getProperty("WS_BUFFER_SIZE", Integer.class, 256);
        bus.onEvent(this::dispatch);
    }

    EventConnection open(String pid) {
        EventConnection connection = new EventConnection(pid, bufferSize, metrics::webSocketEventsDropped);
        byPid.computeIfAbsent(pid, p -> ConcurrentHashMap.newKeySet()).add(connection);
        return connection;
    }

    void close(EventConnection connection) {
        connection.close();
        byPid.computeIfPresent(connection.pid(), (pid, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many connections this replica holds for a participant. */
    public int connections(String pid) {
        Set<EventConnection> set = byPid.get(pid);
        return set == null ? 0 : set.size();
    }

    void dispatch(HubEvent event) {
        if (event.internal()) {
            return;
        }
        String message = null;
        for (String pid : event.recipients()) {
            Set<EventConnection> set = byPid.get(pid);
            if (set == null) {
                continue;
            }
            for (EventConnection connection : set) {
                if (connection.wants(event.type())) {
                    if (message == null) {
                        message = message(event);
                    }
                    connection.offer(message);
                }
            }
        }
    }

    /** What a client receives: the type, the event's id and time, then its fields. */
    private String message(HubEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type());
        body.put("event_id", event.id());
        body.put("ts", event.at().toString());
        body.putAll(event.data());
        return json.writeValueAsString(body);
    }
}
