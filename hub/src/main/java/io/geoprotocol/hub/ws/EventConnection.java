package io.geoprotocol.hub.ws;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One client connection's outgoing events, buffered up to a fixed count. A client that reads
 * slower than events arrive loses the overflow instead of holding anyone up, and is told so with
 * an {@code events.dropped} message carrying how many it missed.
 */
final class EventConnection {

    static final String DROPPED_TYPE = "events.dropped";

    /** Stands in the queue for the notice; its text is made when it leaves, with the final count. */
    private static final String NOTICE = new String("notice");

    private final String pid;
    private final int capacity;
    private final Queue<String> queue;
    private final Sinks.Many<String> sink;
    private final AtomicLong dropped = new AtomicLong();
    private final LongConsumer onDrop;
    private volatile Set<String> types;
    private boolean noticePending;

    EventConnection(String pid, int capacity, LongConsumer onDrop) {
        this.pid = pid;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + 2);
        this.sink = Sinks.many().unicast().onBackpressureBuffer(queue);
        this.onDrop = onDrop;
    }

    String pid() {
        return pid;
    }

    /** Narrows the pushed events to these types; null means all. */
    void subscribe(Set<String> eventTypes) {
        this.types = eventTypes == null ? null : Set.copyOf(eventTypes);
    }

    boolean wants(String type) {
        Set<String> current = types;
        return current == null || current.contains(type);
    }

    /** Queues an event unless the buffer is full; never waits. */
    synchronized void offer(String message) {
        if (queue.size() >= capacity) {
            dropped.incrementAndGet();
            onDrop.accept(1);
            if (!noticePending) {
                noticePending = sink.tryEmitNext(NOTICE).isSuccess();
            }
            return;
        }
        sink.tryEmitNext(message);
    }

    /** A direct answer to the client (pong, subscribed, error); dropped like events when full. */
    synchronized void reply(String message) {
        if (queue.size() <= capacity) {
            sink.tryEmitNext(message);
        }
    }

    Flux<String> outbound() {
        return sink.asFlux().map(item -> {
            if (item != NOTICE) {
                return item;
            }
            synchronized (this) {
                noticePending = false;
            }
            return "{\"type\":\"" + DROPPED_TYPE + "\",\"dropped\":" + dropped.getAndSet(0) + "}";
        });
    }

    void close() {
        sink.tryEmitComplete();
    }
}
