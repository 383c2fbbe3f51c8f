package io.geoprotocol.hub.bench;

import io.geoprotocol.hub.config.HubSettings;
import io.geoprotocol.hub.crypto.CanonicalJson;
import io.geoprotocol.hub.crypto.DemoKeys;
import io.geoprotocol.hub.security.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A load run of real, signed HTTP payments against a running hub: builds a ring community whose
 * payments need 2 to 4 hops, then either drives it closed-loop with N clients (throughput) or
 * open-loop at a fixed rate (latency under a given load). Not a test; run it by hand, see
 * docs/benchmarks.md.
 *
 * <p>Arguments: {@code hubUrl jdbcUrl jwtSecret participants clients seconds [ratePerSecond]}.
 */
public final class PaymentLoadRun {

    private static final String EQUIVALENT = "BENCH";

    private PaymentLoadRun() {
    }

    public static void main(String[] args) throws Exception {
        String hub = args[0];
        String jdbc = args[1];
        String jwtSecret = args[2];
        int participants = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;

        List<DemoKeys> keys = community(jdbc, participants);
        TokenService tokens = new TokenService(HubSettings.load(Map.of("JWT_SECRET", jwtSecret,
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "600")::get), Clock.systemUTC());
        Map<String, String> bearer = new HashMap<>();
        for (DemoKeys k : keys) {
            bearer.put(k.pid(), "Bearer " + tokens.issue(k.pid()).accessToken());
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        warmUp(http, hub, keys, bearer);
        Result result = rate > 0
                ? openLoop(http, hub, keys, bearer, clients, seconds, rate)
                : closedLoop(http, hub, keys, bearer, clients, seconds);
        System.out.println(result.describe(seconds));
    }

    /** A ring where each member trusts the next three, both ways: payees 4..12 seats away need 2-4 hops. */
    static List<DemoKeys> community(String jdbc, int n) throws Exception {
        List<DemoKeys> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(DemoKeys.of("bench-" + i));
        }
        try (Connection c = DriverManager.getConnection(jdbc)) {
            c.setAutoCommit(false);
            c.createStatement().execute("INSERT INTO equivalents (code, precision) VALUES ('" + EQUIVALENT
                    + "', 2) ON CONFLICT DO NOTHING");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO participants (pid, public_key, display_name) "
                    + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (int i = 0; i < n; i++) {
                    p.setString(1, keys.get(i).pid());
                    p.setString(2, keys.get(i).publicKeyBase64());
                    p.setString(3, "bench " + i);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement l = c.prepareStatement("INSERT INTO trust_lines (id, from_pid, to_pid, equivalent, "
                    + "credit_limit) SELECT ?, ?, ?, ?, 1000000000 WHERE NOT EXISTS (SELECT 1 FROM trust_lines "
                    + "WHERE from_pid = ? AND to_pid = ? AND equivalent = ? AND status <> 'closed')")) {
                for (int i = 0; i < n; i++) {
                    for (int d = 1; d <= 3; d++) {
                        int j = (i + d) % n;
                        for (int[] pair : new int[][] {{i, j}, {j, i}}) {
                            l.setObject(1, UUID.randomUUID());
                            l.setString(2, keys.get(pair[0]).pid());
                            l.setString(3, keys.get(pair[1]).pid());
                            l.setString(4, EQUIVALENT);
                            l.setString(5, keys.get(pair[0]).pid());
                            l.setString(6, keys.get(pair[1]).pid());
                            l.setString(7, EQUIVALENT);
                            l.addBatch();
                        }
                    }
                }
                l.executeBatch();
            }
            c.commit();
        }
        return keys;
    }

    private static void warmUp(HttpClient http, String hub, List<DemoKeys> keys, Map<String, String> bearer)
            throws Exception {
        for (int i = 0; i < 300; i++) {
            pay(http, hub, keys, bearer);
        }
    }

    private static Result closedLoop(HttpClient http, String hub, List<DemoKeys> keys, Map<String, String> bearer,
            int clients, int seconds) throws Exception {
        Result result = new Result();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int t = 0; t < clients; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long started = System.nanoTime();
                    int status = pay(http, hub, keys, bearer);
                    result.record(status, System.nanoTime() - started);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return result;
    }

    private static Result openLoop(HttpClient http, String hub, List<DemoKeys> keys, Map<String, String> bearer,
            int clients, int seconds, double rate) throws Exception {
        Result result = new Result();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(clients, 64));
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long total = (long) (rate * seconds);
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pool.submit(() -> {
                // Latency counts from when the request was due, so queueing is not hidden.
                int status = pay(http, hub, keys, bearer);
                result.record(status, System.nanoTime() - due);
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(120, TimeUnit.SECONDS);
        return result;
    }

    private static int pay(HttpClient http, String hub, List<DemoKeys> keys, Map<String, String> bearer)
            throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = keys.size();
        int from = random.nextInt(n);
        int to = (from + 4 + random.nextInt(9)) % n;
        DemoKeys payer = keys.get(from);

        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("tx_id", "bench-" + UUID.randomUUID());
        payload.put("to", keys.get(to).pid());
        payload.put("equivalent", EQUIVALENT);
        payload.put("amount", (1 + random.nextInt(99)) + ".00");
        ObjectNode body = payload.deepCopy();
        body.put("signature", payer.sign(CanonicalJson.bytes(payload)));

        HttpRequest request = HttpRequest.newBuilder(URI.create(hub + "/api/v1/payments"))
                .header("Authorization", bearer.get(payer.pid()))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Latencies of committed payments and counts of the rest. */
    static final class Result {
        private final List<Long> latencies = new ArrayList<>();
        private final AtomicLong failures = new AtomicLong();

        synchronized void record(int status, long nanos) {
            if (status == 200) {
                latencies.add(nanos);
            } else {
                failures.incrementAndGet();
            }
        }

        synchronized String describe(int seconds) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return String.format("committed=%d failed=%d payments_per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f",
                    sorted.length, failures.get(), sorted.length / (double) seconds, percentile(sorted, 0.50),
                    percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        }

        private static double percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }
}
