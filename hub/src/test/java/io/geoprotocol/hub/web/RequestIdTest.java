package io.geoprotocol.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.LogCapture;
import io.geoprotocol.hub.support.ProbeEndpoints;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

@Import(ProbeEndpoints.class)
class RequestIdTest extends HubIntegrationTest {

    @Test
    void saneClientValueIsEchoed() {
        client.get().uri("/healthz").header("X-Request-ID", "client-abc.123:x").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-ID", "client-abc.123:x");
    }

    @Test
    void missingValueIsGenerated() {
        client.get().uri("/healthz").exchange()
                .expectHeader().valueMatches("X-Request-ID", "[0-9a-f-]{36}");
    }

    @Test
    void overlongValueIsReplaced() {
        client.get().uri("/healthz").header("X-Request-ID", "a".repeat(500)).exchange()
                .expectHeader().valueMatches("X-Request-ID", "[0-9a-f-]{36}");
    }

    @Test
    void valueThatCouldForgeLogLinesIsReplaced() {
        client.get().uri("/healthz").header("X-Request-ID", "abc event=forged <script>").exchange()
                .expectHeader().valueMatches("X-Request-ID", "[0-9a-f-]{36}");
    }

    @Test
    void errorsFromEveryLayerCarryTheRequestId() {
        client.get().uri("/api/v1/equivalents").header("X-Request-ID", "sec-1").exchange()
                .expectStatus().isUnauthorized().expectHeader().valueEquals("X-Request-ID", "sec-1");
        client.get().uri("/api/v1/admin/equivalents").header("X-Request-ID", "adm-1").exchange()
                .expectStatus().isUnauthorized().expectHeader().valueEquals("X-Request-ID", "adm-1");
        client.get().uri("/no/such").header("X-Request-ID", "nf-1").exchange()
                .expectStatus().isNotFound().expectHeader().valueEquals("X-Request-ID", "nf-1");
        client.get().uri("/test/probe/explode").header("X-Request-ID", "boom-1").exchange()
                .expectStatus().isEqualTo(500).expectHeader().valueEquals("X-Request-ID", "boom-1");
    }

    @Test
    void logLinesInsideARequestCarryItsIdEvenAfterAThreadHop() {
        try (LogCapture probe = new LogCapture(ProbeEndpoints.LOGGER);
                LogCapture access = new LogCapture("io.geoprotocol.hub.access")) {
            client.get().uri("/test/probe/log").header("X-Request-ID", "log-check-1").exchange()
                    .expectStatus().isOk();

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> probe.events().size() >= 2
                    && access.events().stream().anyMatch(e -> e.getFormattedMessage().contains("log-check-1")));
            List<ILoggingEvent> events = probe.events();
            assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("event=probe_before_hop", "event=probe_after_hop");
            assertThat(events).allSatisfy(e ->
                    assertThat(e.getMDCPropertyMap()).containsEntry(RequestId.MDC_KEY, "log-check-1"));
            assertThat(events.get(1).getThreadName()).isNotEqualTo(events.get(0).getThreadName());
        }
    }

    @Test
    void errorLogOfAFailedRequestCarriesItsId() {
        try (LogCapture errors = new LogCapture(ApiErrorHandler.class.getName())) {
            client.get().uri("/test/probe/explode").header("X-Request-ID", "boom-log-1").exchange()
                    .expectStatus().isEqualTo(500);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !errors.events().isEmpty());
            assertThat(errors.events().get(0).getMDCPropertyMap()).containsEntry(RequestId.MDC_KEY, "boom-log-1");
        }
    }
}
