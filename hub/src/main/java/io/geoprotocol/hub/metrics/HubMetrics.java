package io.geoprotocol.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The hub's own counters, under the names of the deployment document. Micrometer adds the
 * Prometheus {@code _total} suffix: {@code geo.payment.events} is scraped as
 * {@code geo_payment_events_total}. Label values must come from small fixed sets (event names,
 * outcomes, error reasons), never from ids or amounts.
 */
@Component
public class HubMetrics {

    public static final String PAYMENT_EVENTS = "geo.payment.events";
    public static final String CLEARING_EVENTS = "geo.clearing.events";
    public static final String ROUTING_FAILURES = "geo.routing.failures";
    public static final String RECOVERY_EVENTS = "geo.recovery.events";
    public static final String WS_DROPPED = "geo.ws.events.dropped";
    public static final String RATE_LIMITED = "geo.rate.limited";

    private final MeterRegistry registry;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A payment step: event such as prepare, commit, abort; result such as success, timeout. */
    public void paymentEvent(String event, String result) {
        counter(PAYMENT_EVENTS, "Payment events by step and outcome", "event", event, "result", result)
                .increment();
    }

    /** A clearing step: event such as find_cycles, execute; result such as start, success, error. */
    public void clearingEvent(String event, String result) {
        counter(CLEARING_EVENTS, "Clearing events by step and outcome", "event", event, "result", result)
                .increment();
    }

    /** A payment that found no usable route: reason such as no_route, insufficient_capacity. */
    public void routingFailure(String reason) {
        counter(ROUTING_FAILURES, "Payments refused by routing, by reason", "reason", reason).increment();
    }

    /** A recovery or maintenance step: event such as payment_abort, reservations_release. */
    public void recoveryEvent(String event, String result) {
        counter(RECOVERY_EVENTS, "Recovery and maintenance events", "event", event, "result", result)
                .increment(1);
    }

    public void recoveryEvents(String event, String result, long count) {
        if (count > 0) {
            counter(RECOVERY_EVENTS, "Recovery and maintenance events", "event", event, "result", result)
                    .increment(count);
        }
    }

    /** Events a slow WebSocket client did not take in time. */
    public void webSocketEventsDropped(long count) {
        counter(WS_DROPPED, "WebSocket events dropped because a client's buffer was full").increment(count);
    }

    /** A request answered 429; scope is default, login or payments. */
    public void rateLimited(String scope) {
        counter(RATE_LIMITED, "Requests refused by rate limiting, by limit", "scope", scope).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name)
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
