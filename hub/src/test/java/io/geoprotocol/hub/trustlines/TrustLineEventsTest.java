package io.geoprotocol.hub.trustlines;

import static io.geoprotocol.hub.trustlines.TrustLineRequests.closeBody;
import static io.geoprotocol.hub.trustlines.TrustLineRequests.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

class TrustLineEventsTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    RecordingTrustLineEvents events;

    @Test
    void everyCommittedChangeIsAnnouncedAndRefusedChangesAreNot() {
        TestCommunity community = new TestCommunity(db, tokens);
        TrustLineRequests api = new TrustLineRequests(client, db);
        Member alice = community.member("Alice");
        Member bob = community.member("Bob");
        String uah = community.equivalent(2);

        UUID id = api.open(alice, bob, uah, "100");
        assertThat(events.count(id)).isEqualTo(1);

        api.debt(bob, alice, uah, "70");
        api.update(alice, id, updateBody(alice, id, "10", null)).expectStatus().isBadRequest();
        assertThat(events.count(id)).isEqualTo(1);

        api.update(alice, id, updateBody(alice, id, "70", null)).expectStatus().isOk();
        assertThat(events.count(id)).isEqualTo(2);

        db.sql("DELETE FROM debts WHERE debtor = :d").bind("d", bob.pid()).fetch().rowsUpdated().block();
        api.close(alice, id, closeBody(alice, id)).expectStatus().isOk();
        assertThat(events.count(id)).isEqualTo(3);
    }
}
