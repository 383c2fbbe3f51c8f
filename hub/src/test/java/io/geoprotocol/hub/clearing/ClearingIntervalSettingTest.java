package io.geoprotocol.hub.clearing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.DebtFixtures;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Ledger;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

/** CLEARING_INTERVAL_SECONDS changed through the admin API takes effect without a restart. */
class ClearingIntervalSettingTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    private void setInterval(int seconds) {
        client.method(HttpMethod.PATCH).uri("/api/v1/admin/config")
                .header("X-Admin-Token", ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("updates", Map.of("CLEARING_INTERVAL_SECONDS", seconds),
                        "reason", "clearing interval test"))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void anIntervalTurnedOnByAnAdminStartsPeriodicClearingOfAPlantedCycle() {
        TestCommunity community = new TestCommunity(db, tokens);
        DebtFixtures debts = new DebtFixtures(db, community);
        Ledger ledger = new Ledger(db);
        String eq = community.equivalent(2);
        Member a = community.member("A");
        Member b = community.member("B");
        Member c = community.member("C");
        debts.owes(a, b, eq, "10.00", "100");
        debts.owes(b, c, eq, "10.00", "100");
        debts.owes(c, a, eq, "10.00", "100");

        // The test context starts with the interval 0 (off): nothing clears the planted cycle.
        try {
            setInterval(1);

            await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    assertThat(ledger.debt(a, b, eq)).isZero());
            assertThat(ledger.debt(b, c, eq)).isZero();
            assertThat(ledger.debt(c, a, eq)).isZero();
        } finally {
            setInterval(0);
        }
    }
}
