package io.geoprotocol.hub.redis;

import io.geoprotocol.hub.config.HubSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The hub's one Redis client ({@code REDIS_URL}, only when {@code REDIS_ENABLED}). Redis is a
 * helper, never a dependency: commands fail fast while it is unreachable (callers fall back to
 * in-process behaviour), a probe every second notices when it is gone and when it is back, and
 * Lettuce reconnects and re-subscribes on its own. Redis counts as available only once the
 * subscriptions are confirmed again: until then another replica's events would be lost.
 */
@Component
public class RedisConnector implements DisposableBean {

    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private final boolean enabled;
    private final String url;
    private final RedisClient client;
    private final ClientResources resources;
    private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisConnection<String, byte[]> binary;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean up;

    public RedisConnector(HubSettings settings, Environment env, MeterRegistry registry) {
        this.enabled = settings.redisEnabled() && settings.redisUrl().isPresent();
        this.url = settings.redisUrl().orElse("");
        if (!enabled) {
            this.client = null;
            this.resources = null;
            return;
        }
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(
                        env.getProperty("REDIS_RECONNECT_MILLIS", Long.class, 500L))))
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry, MicrometerOptions.create()))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(url));
        this.client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == pubSub) {
                    subscribed.clear();
                }
            }
        });
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        Gauge.builder("geo.redis.up", this, r -> r.available() ? 1 : 0)
                .description("1 when the hub reaches Redis, 0 when it falls back to in-process behaviour")
                .register(registry);
        connect();
    }

    /** Whether Redis is configured at all. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether Redis is configured, answered the last probe and confirmed every subscription. */
    public boolean available() {
        return enabled && up && commands != null && commands.isOpen()
                && subscribed.containsAll(channels.keySet());
    }

    /** A connection with binary values, for the rate limiter's buckets; null until first connected. */
    public StatefulRedisConnection<String, byte[]> binaryConnection() {
        return binary;
    }

    /** Receives every message of a channel, across reconnects. */
    public void subscribe(String channel, Consumer<String> handler) {
        channels.put(channel, handler);
        StatefulRedisPubSubConnection<String, String> current = pubSub;
        if (current != null) {
            current.async().subscribe(channel);
        }
    }

    public Mono<Long> publish(String channel, String message) {
        StatefulRedisConnection<String, String> current = commands;
        if (current == null) {
            return Mono.error(new IllegalStateException("Redis is not connected"));
        }
        return current.reactive().publish(channel, message).timeout(COMMAND_TIMEOUT);
    }

    @Scheduled(fixedDelayString = "${REDIS_PROBE_MILLIS:1000}", timeUnit = java.util.concurrent.TimeUnit.MILLISECONDS)
    void probe() {
        if (!enabled) {
            return;
        }
        if (commands == null) {
            connect();
            return;
        }
        try {
            String pong = commands.sync().ping();
            setUp("PONG".equalsIgnoreCase(pong));
        } catch (RuntimeException e) {
            setUp(false);
        }

        // Lettuce re-subscribes after a reconnect; a subscription that still is not confirmed
        // (its command lost with the connection) is asked for again.
        StatefulRedisPubSubConnection<String, String> current = pubSub;
        if (up && current != null && current.isOpen()) {
            String[] missing = channels.keySet().stream()
                    .filter(channel -> !subscribed.contains(channel))
                    .toArray(String[]::new);
            if (missing.length > 0) {
                current.async().subscribe(missing);
            }
        }
    }

    private synchronized void connect() {
        if (commands != null) {
            return;
        }
        try {
            commands = client.connect();
            binary = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            pubSub = client.connectPubSub();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    Consumer<String> handler = channels.get(channel);
                    if (handler != null) {
                        handler.accept(message);
                    }
                }

                @Override
                public void subscribed(String channel, long count) {
                    subscribed.add(channel);
                }

                @Override
                public void unsubscribed(String channel, long count) {
                    subscribed.remove(channel);
                }
            });
            if (!channels.isEmpty()) {
                pubSub.sync().subscribe(channels.keySet().toArray(String[]::new));
            }
            setUp(true);
        } catch (RuntimeException e) {
            closeQuietly();
            setUp(false);
        }
    }

    private void setUp(boolean now) {
        if (now != up) {
            if (now) {
                log.info("event=redis_available url={}", redactedUrl());
            } else {
                log.warn("event=redis_unavailable url={} fallback=in_process", redactedUrl());
            }
        }
        up = now;
    }

    /** The URL without its password, for logs and health. */
    public String redactedUrl() {
        return url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }

    private void closeQuietly() {
        for (AutoCloseable c : new AutoCloseable[] {commands, binary, pubSub}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // Nothing to do about a connection that will not close.
            }
        }
        commands = null;
        binary = null;
        pubSub = null;
        subscribed.clear();
    }

    @Override
    public void destroy() {
        if (!enabled) {
            return;
        }
        closeQuietly();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
    }
}
