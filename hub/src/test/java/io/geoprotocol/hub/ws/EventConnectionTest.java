package io.geoprotocol.hub.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** A client that does not read loses the overflow, is told how much, and holds up no one. */
class EventConnectionTest {

    @Test
    void overflowIsDroppedWithOneNoticeCarryingTheCount() {
        AtomicLong droppedMetric = new AtomicLong();
        EventConnection slow = new EventConnection("pid", 3, droppedMetric::addAndGet);

        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            slow.offer("e" + i);
        }
        assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
        assertThat(droppedMetric.get()).isEqualTo(7);

        List<String> received = new ArrayList<>();
        StepVerifier.create(slow.outbound().take(4))
                .recordWith(() -> received)
                .expectNextCount(4)
                .verifyComplete();
        assertThat(received.subList(0, 3)).containsExactly("e0", "e1", "e2");
        assertThat(received.get(3)).isEqualTo("{\"type\":\"events.dropped\",\"dropped\":7}");
    }

    @Test
    void aDrainedConnectionTakesEventsAgain() {
        EventConnection connection = new EventConnection("pid", 2, n -> { });
        List<String> received = new ArrayList<>();
        connection.outbound().subscribe(received::add);

        for (int i = 0; i < 50; i++) {
            connection.offer("e" + i);
        }
        assertThat(received).hasSize(50);
    }

    @Test
    void subscribeNarrowsAndNullWidensAgain() {
        EventConnection connection = new EventConnection("pid", 2, n -> { });
        assertThat(connection.wants("payment.committed")).isTrue();
        connection.subscribe(java.util.Set.of("trustline.created"));
        assertThat(connection.wants("payment.committed")).isFalse();
        assertThat(connection.wants("trustline.created")).isTrue();
        connection.subscribe(null);
        assertThat(connection.wants("payment.committed")).isTrue();
    }
}
