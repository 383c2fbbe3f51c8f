package io.geoprotocol.hub.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Endpoints that exist only in tests which import this configuration, to drive the framework
 * into failures the hub's own endpoints cannot (a required query parameter, a typed path
 * variable, an unexpected exception carrying SQL) and to log from inside a request.
 */
// The nested controller is registered as a member class of this configuration (and, being nested
// in a test configuration, is never picked up by component scanning of other tests).
@TestConfiguration(proxyBeanMethods = false)
public class ProbeEndpoints {

    public static final String LOGGER = "io.geoprotocol.hub.test.probe";

    @RestController
    public static class Probe {

        private static final Logger log = LoggerFactory.getLogger(LOGGER);

        public record Body(String name, int count) {
        }

        @GetMapping("/test/probe/query")
        public Map<String, Object> query(@RequestParam("q") String q, @RequestParam("limit") int limit) {
            return Map.of("q", q, "limit", limit);
        }

        @GetMapping("/test/probe/items/{id}")
        public Map<String, Object> item(@PathVariable("id") UUID id) {
            return Map.of("id", id.toString());
        }

        @PostMapping(path = "/test/probe/body", consumes = "application/json")
        public Body body(@RequestBody Body body) {
            return body;
        }

        @GetMapping("/test/probe/explode")
        public Mono<String> explode() {
            return Mono.error(new IllegalStateException(
                    "ERROR: relation \"secret_table\" does not exist; SELECT * FROM secret_table"));
        }

        /** Logs on the request thread and again on another thread after a hop, as services do. */
        @GetMapping("/test/probe/log")
        public Mono<Map<String, String>> logs() {
            log.info("event=probe_before_hop");
            return Mono.delay(Duration.ofMillis(20))
                    .publishOn(Schedulers.boundedElastic())
                    .map(tick -> {
                        log.info("event=probe_after_hop");
                        return Map.of("status", "logged");
                    });
        }
    }
}
