package io.geoprotocol.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.support.HubIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class UnreadBodyConnectionTest extends HubIntegrationTest {

    @Test
    void aBodyRefusedUnreadClosesTheConnectionSoNoClientReusesIt() {
        var response = client.post().uri("/api/v1/payments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tx_id", "unread-body"))
                .exchange()
                .expectStatus().isUnauthorized()
                .returnResult(String.class);

        assertThat(response.getResponseHeaders().getFirst(HttpHeaders.CONNECTION)).isEqualTo("close");
    }

    @Test
    void aBodyTheHubReadKeepsTheConnectionAlive() {
        var response = client.post().uri("/api/v1/auth/challenge")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pid", "NoSuchPid"))
                .exchange()
                .expectStatus().isNotFound()
                .returnResult(String.class);

        assertThat(response.getResponseHeaders().getFirst(HttpHeaders.CONNECTION)).isNotEqualTo("close");
    }
}
