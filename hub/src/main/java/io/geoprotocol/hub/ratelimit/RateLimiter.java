package io.geoprotocol.hub.ratelimit;

import io.geoprotocol.hub.redis.RedisConnector;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets (Bucket4j) per client and limit, refilled greedily over a minute. With Redis up
 * the buckets live there, shared by every replica; while Redis is unreachable each replica keeps
 * its own, so clients are still limited, just per replica, until Redis answers again.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

    private final RedisConnector redis;
    private final Map<String, Bucket> local = new ConcurrentHashMap<>();
    private volatile StatefulRedisConnection<String, byte[]> proxiedConnection;
    private volatile AsyncProxyManager<String> shared;

    public RateLimiter(RedisConnector redis) {
        this.redis = redis;
    }

    /** The answer for one request: allowed or not, what is left, and when to retry. */
    public record Decision(boolean allowed, long remaining, long retryAfterSeconds, boolean sharedAcrossReplicas) {
    }

    public Mono<Decision> consume(String scope, String client, int perMinute) {
        String key = "geo:rl:" + scope + ":" + perMinute + ":" + client;
        AsyncProxyManager<String> manager = sharedManager();
        if (manager == null) {
            return Mono.just(decision(localBucket(key, perMinute).tryConsumeAndReturnRemaining(1), false));
        }
        CompletableFuture<ConsumptionProbe> probe = manager.builder()
                .build(key, () -> CompletableFuture.completedFuture(configuration(perMinute)))
                .tryConsumeAndReturnRemaining(1);
        return Mono.fromFuture(probe)
                .timeout(REDIS_TIMEOUT)
                .map(p -> decision(p, true))
                .onErrorResume(e -> {
                    log.debug("event=rate_limit_local_fallback scope={} error=\"{}\"", scope, e.getMessage());
                    return Mono.just(decision(localBucket(key, perMinute).tryConsumeAndReturnRemaining(1), false));
                });
    }

    private AsyncProxyManager<String> sharedManager() {
        if (!redis.available()) {
            return null;
        }
        StatefulRedisConnection<String, byte[]> connection = redis.binaryConnection();
        if (connection == null) {
            return null;
        }
        if (connection != proxiedConnection || shared == null) {
            synchronized (this) {
                if (connection != proxiedConnection || shared == null) {
                    shared = Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                            .build()
                            .asAsync();
                    proxiedConnection = connection;
                }
            }
        }
        return shared;
    }

    private Bucket localBucket(String key, int perMinute) {
        return local.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(bandwidth(perMinute))
                .build());
    }

    private static BucketConfiguration configuration(int perMinute) {
        return BucketConfiguration.builder().addLimit(bandwidth(perMinute)).build();
    }

    private static Bandwidth bandwidth(int perMinute) {
        return Bandwidth.builder()
                .capacity(perMinute)
                .refillGreedy(perMinute, Duration.ofMinutes(1))
                .build();
    }

    private static Decision decision(ConsumptionProbe probe, boolean shared) {
        long waitNanos = probe.getNanosToWaitForRefill();
        long retryAfter = probe.isConsumed() ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new Decision(probe.isConsumed(), probe.getRemainingTokens(), retryAfter, shared);
    }

    /** Forgets local buckets that refilled completely: they hold nothing a new bucket would not. */
    @Scheduled(fixedDelay = 60, timeUnit = java.util.concurrent.TimeUnit.SECONDS)
    void forgetFullBuckets() {
        local.entrySet().removeIf(e -> {
            String[] parts = e.getKey().split(":", 5);
            long capacity = Long.parseLong(parts[3]);
            return e.getValue().getAvailableTokens() >= capacity;
        });
    }
}
