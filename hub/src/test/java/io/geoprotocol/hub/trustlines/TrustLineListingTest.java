package io.geoprotocol.hub.trustlines;

import static io.geoprotocol.hub.trustlines.TrustLineRequests.closeBody;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

class TrustLineListingTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    TestCommunity community;
    TrustLineRequests api;
    Member alice;
    Member bob;
    Member carol;
    String uah;
    String hour;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
        api = new TrustLineRequests(client, db);
        alice = community.member("Alice");
        bob = community.member("Bob");
        carol = community.member("Carol");
        uah = community.equivalent(2);
        hour = community.equivalent(0);
    }

    @Test
    void directionSelectsOutgoingIncomingOrBoth() {
        UUID aliceToBob = api.open(alice, bob, uah, "100");
        UUID carolToAlice = api.open(carol, alice, uah, "50");
        api.open(bob, carol, uah, "10");

        assertThat(ids(alice, "?direction=outgoing")).containsExactly(aliceToBob);
        assertThat(ids(alice, "?direction=incoming")).containsExactly(carolToAlice);
        assertThat(ids(alice, "")).containsExactlyInAnyOrder(aliceToBob, carolToAlice);
        assertThat(ids(alice, "?direction=all")).containsExactlyInAnyOrder(aliceToBob, carolToAlice);
    }

    @Test
    void itemsCarryDisplayNamesOfBothSides() {
        api.open(carol, alice, uah, "50");

        JsonNode item = json(api.get(alice, "/api/v1/trustlines").expectStatus().isOk()).get("items").get(0);

        assertThat(item.get("from_display_name").asString()).isEqualTo("Carol");
        assertThat(item.get("to_display_name").asString()).isEqualTo("Alice");
    }

    @Test
    void equivalentAndStatusFilterAndActiveIsTheDefault() {
        UUID inUah = api.open(alice, bob, uah, "100");
        UUID inHour = api.open(alice, carol, hour, "5");
        UUID closed = api.open(alice, carol, uah, "1");
        api.close(alice, closed, closeBody(alice, closed)).expectStatus().isOk();

        assertThat(ids(alice, "?equivalent=" + uah)).containsExactly(inUah);
        assertThat(ids(alice, "?equivalent=" + hour)).containsExactly(inHour);
        assertThat(ids(alice, "")).containsExactlyInAnyOrder(inUah, inHour);
        assertThat(ids(alice, "?status=closed")).containsExactly(closed);
        assertThat(ids(alice, "?status=frozen")).isEmpty();
    }

    @Test
    void pagesAreNewestFirstWithoutRepeatsOrGaps() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Member peer = community.member("Peer " + i);
            created.add(api.open(alice, peer, uah, "1"));
        }

        List<UUID> seen = new ArrayList<>();
        seen.addAll(ids(alice, "?per_page=2&page=1"));
        seen.addAll(ids(alice, "?per_page=2&page=2"));
        seen.addAll(ids(alice, "?per_page=2&page=3"));

        List<UUID> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(ids(alice, "?per_page=2&page=4")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?direction=sideways", "?status=open", "?page=0", "?per_page=201", "?per_page=x",
        "?page=-1", "?equivalent=lower"})
    void badListingParametersAreValidationErrors(String query) {
        api.get(alice, "/api/v1/trustlines" + query)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void unknownEquivalentFilterIsNotFound() {
        api.get(alice, "/api/v1/trustlines?equivalent=NOSUCH" + (System.nanoTime() % 1000))
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    private List<UUID> ids(Member caller, String query) {
        List<UUID> ids = new ArrayList<>();
        json(api.get(caller, "/api/v1/trustlines" + query).expectStatus().isOk())
                .get("items")
                .forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        return ids;
    }
}
