package io.geoprotocol.hub.events;

import io.geoprotocol.hub.redis.RedisConnector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries {@link HubEvent}s to every replica. With Redis up an event is published on one channel
 * and each replica (this one included) hands it to its local handlers when it comes back; with
 * Redis disabled or unreachable it goes straight to the local handlers, so a single replica
 * never loses its own events. Publishing never blocks and never fails the caller.
 */
@Component
public class EventBus {

    public static final String CHANNEL = "geo:events";

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final RedisConnector redis;
    private final JsonMapper json;
    private final List<Consumer<HubEvent>> handlers = new CopyOnWriteArrayList<>();

    public EventBus(RedisConnector redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
        redis.subscribe(CHANNEL, this::fromRedis);
    }

    /** Registers a handler called for every event this replica receives, on the delivering thread. */
    public void onEvent(Consumer<HubEvent> handler) {
        handlers.add(handler);
    }

    public void publish(HubEvent event) {
        if (!redis.available()) {
            deliver(event);
            return;
        }
        String message = json.writeValueAsString(event);
        redis.publish(CHANNEL, message)
                .subscribe(receivers -> { }, e -> {
                    log.warn("event=event_publish_fallback type={} error=\"{}\"", event.type(), e.getMessage());
                    deliver(event);
                });
    }

    private void fromRedis(String message) {
        HubEvent event;
        try {
            event = json.readValue(message, HubEvent.class);
        } catch (RuntimeException e) {
            log.warn("event=event_unreadable error=\"{}\"", e.getMessage());
            return;
        }
        deliver(event);
    }

    private void deliver(HubEvent event) {
        for (Consumer<HubEvent> handler : handlers) {
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                log.warn("event=event_handler_failed type={} error=\"{}\"", event.type(), e.getMessage());
            }
        }
    }
}
