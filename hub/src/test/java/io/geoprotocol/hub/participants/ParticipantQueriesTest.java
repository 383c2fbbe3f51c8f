package io.geoprotocol.hub.participants;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ParticipantQueriesTest extends HubIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    private TestCommunity community;

    @BeforeEach
    void community() {
        community = new TestCommunity(db, tokens);
    }

    private WebTestClient.ResponseSpec get(Member as, String uri) {
        return client.get().uri(uri).header("Authorization", as.bearer()).exchange();
    }

    private JsonNode getJson(Member as, String uri) {
        return JSON.readTree(get(as, uri).expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private WebTestClient.ResponseSpec patchMe(Member as, ObjectNode body) {
        return client.patch().uri("/api/v1/participants/me")
                .header("Authorization", as.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(body))
                .exchange();
    }

    /** Signs the listed keys of an update as a client does, and adds the signature. */
    private static ObjectNode signedUpdate(Member as, ObjectNode payload) {
        return payload.deepCopy().put("signature", as.sign(payload));
    }

    private void debt(Member debtor, Member creditor, String equivalent, String amount) {
        db.sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES (:d, :c, :e, :a)")
                .bind("d", debtor.pid())
                .bind("c", creditor.pid())
                .bind("e", equivalent)
                .bind("a", new BigDecimal(amount))
                .fetch().rowsUpdated().block();
    }

    private void setLineStatus(UUID line, String status) {
        db.sql("UPDATE trust_lines SET status = :s WHERE id = :id")
                .bind("s", status)
                .bind("id", line)
                .fetch().rowsUpdated().block();
    }

    private static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void meReportsStatsSummedOverEquivalentsFromActiveLinesAndDebts() {
        Member alice = community.member("Alice Stats");
        Member bob = community.member("Bob Stats");
        Member carol = community.member("Carol Stats");
        String money = community.equivalent(2);
        String energy = community.equivalent(3);
        String other = community.equivalent(2);

        community.trustLine(bob, alice, money, "100.00");
        community.trustLine(carol, alice, energy, "1.5");
        community.trustLine(alice, carol, money, "50");
        setLineStatus(community.trustLine(bob, alice, other, "999"), "frozen");
        setLineStatus(community.trustLine(alice, bob, other, "777"), "closed");
        debt(alice, bob, money, "30.00");
        debt(carol, alice, energy, "0.25");

        get(alice, "/api/v1/participants/me").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.pid").isEqualTo(alice.pid())
                .jsonPath("$.display_name").isEqualTo("Alice Stats")
                .jsonPath("$.public_key").isEqualTo(alice.keys().publicKeyBase64())
                .jsonPath("$.stats.total_incoming_trust").isEqualTo("101.500")
                .jsonPath("$.stats.total_outgoing_trust").isEqualTo("50.000")
                .jsonPath("$.stats.total_debt").isEqualTo("30.000")
                .jsonPath("$.stats.total_credit").isEqualTo("0.250")
                .jsonPath("$.stats.net_balance").isEqualTo("-29.750");
    }

    @Test
    void meOfANewcomerHasZeroStatsWithTwoDecimals() {
        Member newcomer = community.member("Newcomer");

        get(newcomer, "/api/v1/participants/me").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.stats.total_incoming_trust").isEqualTo("0.00")
                .jsonPath("$.stats.net_balance").isEqualTo("0.00")
                .jsonPath("$.public_stats").doesNotExist();
    }

    @Test
    void otherParticipantsCardHasPublicStats() {
        Member alice = community.member("Alice Card");
        Member bob = community.member("Bob Card");
        String money = community.equivalent(2);
        community.trustLine(alice, bob, money, "40.5");

        get(alice, "/api/v1/participants/" + bob.pid()).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.pid").isEqualTo(bob.pid())
                .jsonPath("$.type").isEqualTo("person")
                .jsonPath("$.public_stats.total_incoming_trust").isEqualTo("40.50")
                .jsonPath("$.public_stats.member_since").isNotEmpty()
                .jsonPath("$.stats").doesNotExist();
    }

    @Test
    void unknownParticipantIsNotFound() {
        Member alice = community.member("Alice Lookup");

        get(alice, "/api/v1/participants/NoSuchPid").expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void patchUpdatesNameAndMergesProfileKeys() {
        Member alice = community.member("Alice Patch");
        ObjectNode first = JSON.createObjectNode();
        first.putObject("profile").put("description", "Baker").putObject("contacts").put("phone", "+1");
        patchMe(alice, signedUpdate(alice, first)).expectStatus().isOk()
                .expectBody().jsonPath("$.profile.description").isEqualTo("Baker");

        ObjectNode second = JSON.createObjectNode().put("display_name", "  Alice Renamed ");
        second.putObject("profile").put("city", "Kyiv");
        patchMe(alice, signedUpdate(alice, second)).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.display_name").isEqualTo("Alice Renamed")
                .jsonPath("$.profile.description").isEqualTo("Baker")
                .jsonPath("$.profile.contacts.phone").isEqualTo("+1")
                .jsonPath("$.profile.city").isEqualTo("Kyiv");

        get(alice, "/api/v1/participants/me").expectBody()
                .jsonPath("$.display_name").isEqualTo("Alice Renamed")
                .jsonPath("$.profile.city").isEqualTo("Kyiv");
    }

    @Test
    void patchWithoutChangesIsRefused() {
        Member alice = community.member("Alice No Change");
        ObjectNode body = JSON.createObjectNode().putNull("display_name").put("signature", "AAAA");

        patchMe(alice, body).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("E009")
                .jsonPath("$.error.message").isEqualTo("No changes provided");
    }

    @Test
    void patchWithABadOrMissingSignatureChangesNothing() {
        Member alice = community.member("Alice Unsigned");
        Member mallory = community.member("Mallory Patch");
        ObjectNode payload = JSON.createObjectNode().put("display_name", "Hijacked");

        patchMe(alice, signedUpdate(mallory, payload)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
        patchMe(alice, payload.deepCopy()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
        ObjectNode altered = signedUpdate(alice, payload);
        altered.putObject("profile").put("description", "smuggled");
        patchMe(alice, altered).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");

        get(alice, "/api/v1/participants/me").expectBody()
                .jsonPath("$.display_name").isEqualTo("Alice Unsigned")
                .jsonPath("$.profile").doesNotExist();
    }

    @Test
    void patchRejectsInvalidValues() {
        Member alice = community.member("Alice Invalid");

        patchMe(alice, signedUpdate(alice, JSON.createObjectNode().put("display_name", " ")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("E009");
        patchMe(alice, signedUpdate(alice, JSON.createObjectNode().put("profile", "text")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void suspendedParticipantCannotPatch() {
        Member sam = community.member("Suspended Patch", "suspended");

        patchMe(sam, signedUpdate(sam, JSON.createObjectNode().put("display_name", "Sam")))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void searchMatchesNameSubstringCaseInsensitivelyOrPidPrefix() {
        String tag = tag();
        Member first = community.member("Alpha " + tag.toUpperCase());
        Member second = community.member("beta " + tag);
        community.member("Unrelated " + tag());

        assertThat(pids(getJson(first, "/api/v1/participants?q=" + tag)))
                .containsExactly(first.pid(), second.pid());
        assertThat(pids(getJson(first, "/api/v1/participants/search?q=" + tag.toUpperCase())))
                .containsExactly(first.pid(), second.pid());
        assertThat(pids(getJson(first, "/api/v1/participants?q=" + second.pid().substring(0, 12))))
                .contains(second.pid());
        assertThat(pids(getJson(first, "/api/v1/participants?q=" + second.pid().substring(1, 12))))
                .doesNotContain(second.pid());
    }

    @Test
    void searchTreatsLikeWildcardsLiterally() {
        Member alice = community.member("Alice Wildcards");

        assertThat(pids(getJson(alice, "/api/v1/participants?q=" + tag() + "%25"))).isEmpty();
        assertThat(pids(getJson(alice, "/api/v1/participants?q=_" + tag()))).isEmpty();
    }

    @Test
    void searchFiltersByType() {
        String tag = tag();
        Member person = community.member("Person " + tag);
        db.sql("UPDATE participants SET type = 'business' WHERE pid = :pid")
                .bind("pid", community.member("Shop " + tag).pid())
                .fetch().rowsUpdated().block();

        JsonNode businesses = getJson(person, "/api/v1/participants?type=business&q=" + tag);
        assertThat(businesses.get("items")).hasSize(1);
        assertThat(businesses.get("items").get(0).get("type").asString()).isEqualTo("business");
        assertThat(pids(getJson(person, "/api/v1/participants?type=person&q=" + tag)))
                .containsExactly(person.pid());
    }

    @Test
    void pagingIsStableAndFollowsThePerPageAndLimitRules() {
        String tag = tag();
        Member a = community.member("Page A " + tag);
        Member b = community.member("Page B " + tag);
        Member c = community.member("Page C " + tag);
        String base = "/api/v1/participants?q=" + tag;

        assertThat(pids(getJson(a, base))).containsExactly(a.pid(), b.pid(), c.pid());
        assertThat(pids(getJson(a, base + "&limit=2"))).containsExactly(a.pid(), b.pid());
        assertThat(pids(getJson(a, base + "&per_page=2&page=2"))).containsExactly(c.pid());
        assertThat(pids(getJson(a, base + "&limit=1&page=3"))).containsExactly(c.pid());
        assertThat(pids(getJson(a, base + "&per_page=1"))).containsExactly(a.pid());
        assertThat(pids(getJson(a, base + "&per_page=2&page=9"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=201", "limit=abc", "page=0", "page=-1", "per_page=0",
        "per_page=201", "per_page=1.5", "type=organization"})
    void badQueryParametersAreValidationErrors(String query) {
        Member alice = community.member("Alice Params");

        get(alice, "/api/v1/participants?" + query).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        get(alice, "/api/v1/participants/search?" + query).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
    }

    @Test
    void listingNeedsAnAccessToken() {
        client.get().uri("/api/v1/participants").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    private static List<String> pids(JsonNode list) {
        return list.get("items").valueStream().map(n -> n.get("pid").asString()).toList();
    }
}
