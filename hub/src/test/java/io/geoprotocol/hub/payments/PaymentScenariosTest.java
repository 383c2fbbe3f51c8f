package io.geoprotocol.hub.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.geoprotocol.hub.routing.GraphRegistry;
import io.geoprotocol.hub.security.TokenService;
import io.geoprotocol.hub.support.HubIntegrationTest;
import io.geoprotocol.hub.support.Ledger;
import io.geoprotocol.hub.support.Payments;
import io.geoprotocol.hub.support.TestCommunity;
import io.geoprotocol.hub.support.TestCommunity.Member;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chain A - B - C - D: B trusts A, C trusts B, D trusts C (100 each), so A can pay towards D
 * and debts run back along the chain.
 */
class PaymentScenariosTest extends HubIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TokenService tokens;

    @Autowired
    GraphRegistry graphs;

    TestCommunity community;
    Ledger ledger;
    Member a;
    Member b;
    Member c;
    Member d;
    String eq;

    @BeforeEach
    void chain() {
        community = new TestCommunity(db, tokens);
        ledger = new Ledger(db);
        a = community.member("A");
        b = community.member("B");
        c = community.member("C");
        d = community.member("D");
        eq = community.equivalent(2);
        community.trustLine(b, a, eq, "100.00");
        community.trustLine(c, b, eq, "100.00");
        community.trustLine(d, c, eq, "100.00");
    }

    @Test
    void paymentAlongTheChainMovesDebtOnEveryHop() {
        Payments.pay(client, a, d, eq, "30.00")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("COMMITTED")
                .jsonPath("$.amount").isEqualTo("30.00")
                .jsonPath("$.from").isEqualTo(a.pid())
                .jsonPath("$.to").isEqualTo(d.pid())
                .jsonPath("$.routes[0].path").isEqualTo(List.of(a.pid(), b.pid(), c.pid(), d.pid()))
                .jsonPath("$.committed_at").isNotEmpty();

        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("30");
        assertThat(ledger.debt(b, c, eq)).isEqualByComparingTo("30");
        assertThat(ledger.debt(c, d, eq)).isEqualByComparingTo("30");
        assertThat(ledger.reservations(eq)).isZero();
    }

    @Test
    void paymentAboveCapacityAbortsWithE002AndMovesNothing() {
        String txId = Payments.newTxId();
        Payments.post(client, a, Payments.body(a, txId, d, eq, "100.01", null))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.status").isEqualTo("ABORTED")
                .jsonPath("$.error.code").isEqualTo("E002")
                .jsonPath("$.error.details.available").isEqualTo("100.00");

        assertThat(ledger.debts(eq)).isEmpty();
        assertThat(ledger.state(txId)).isEqualTo("ABORTED");
    }

    @Test
    void paymentWithoutAnyPathAbortsWithE001() {
        Member stranger = community.member("Stranger");

        Payments.pay(client, stranger, a, eq, "1.00")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.status").isEqualTo("ABORTED")
                .jsonPath("$.error.code").isEqualTo("E001");
    }

    @Test
    void reversePaymentWorksOnlyByOffsettingExistingDebt() {
        Payments.pay(client, d, a, eq, "1.00").expectStatus().isBadRequest();

        Payments.pay(client, a, d, eq, "30.00").expectStatus().isOk();
        Payments.pay(client, d, a, eq, "20.00")
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COMMITTED");

        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("10");
        assertThat(ledger.debt(b, c, eq)).isEqualByComparingTo("10");
        assertThat(ledger.debt(c, d, eq)).isEqualByComparingTo("10");
        Payments.pay(client, d, a, eq, "10.01").expectStatus().isBadRequest();
    }

    @Test
    void largePaymentIsSplitOverSeveralPaths() {
        Member e = community.member("E");
        community.trustLine(e, a, eq, "50.00");
        community.trustLine(d, e, eq, "50.00");

        Payments.pay(client, a, d, eq, "140.00")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("COMMITTED")
                .jsonPath("$.routes.length()").isEqualTo(2);

        assertThat(ledger.debt(a, b, eq).add(ledger.debt(a, e, eq))).isEqualByComparingTo("140");
        assertThat(ledger.debt(c, d, eq).add(ledger.debt(e, d, eq))).isEqualByComparingTo("140");
        assertThat(ledger.limitViolations(eq)).isEmpty();
    }

    @Test
    void avoidedIntermediateIsNeverOnTheRoute() {
        Member e = community.member("E");
        community.trustLine(e, a, eq, "50.00");
        community.trustLine(d, e, eq, "50.00");

        Payments.post(client, a, Payments.body(a, Payments.newTxId(), d, eq, "40.00",
                        Payments.avoid(List.of(b.pid()))))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.routes.length()").isEqualTo(1)
                .jsonPath("$.routes[0].path").isEqualTo(List.of(a.pid(), e.pid(), d.pid()));
        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("0");
    }

    @Test
    void lineThatForbidsRelayingIsUsedOnlyToPayItsOwner() {
        db.sql("UPDATE trust_lines SET can_be_intermediate = false WHERE from_pid = :b AND to_pid = :a")
                .bind("b", b.pid())
                .bind("a", a.pid())
                .fetch().rowsUpdated().block();
        graphs.refresh(eq);

        Payments.pay(client, a, d, eq, "5.00").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E001");
        Payments.pay(client, a, b, eq, "5.00").expectStatus().isOk();
    }

    @Test
    void routeThroughABlockedParticipantIsRefused() {
        db.sql("UPDATE trust_lines SET blocked_participants = ARRAY[:c]::varchar[] WHERE from_pid = :b AND to_pid = :a")
                .bind("c", c.pid())
                .bind("b", b.pid())
                .bind("a", a.pid())
                .fetch().rowsUpdated().block();
        graphs.refresh(eq);

        Payments.pay(client, a, d, eq, "5.00").expectStatus().isBadRequest();
        Payments.pay(client, a, c, eq, "5.00").expectStatus().isOk();
        assertThat(ledger.debt(c, d, eq)).isEqualByComparingTo("0");
    }

    @Test
    void frozenLineCarriesNoNewDebt() {
        db.sql("UPDATE trust_lines SET status = 'frozen' WHERE from_pid = :c AND to_pid = :b")
                .bind("c", c.pid())
                .bind("b", b.pid())
                .fetch().rowsUpdated().block();
        graphs.refresh(eq);

        Payments.pay(client, a, d, eq, "5.00").expectStatus().isBadRequest();
        assertThat(ledger.debts(eq)).isEmpty();
    }

    @Test
    void suspendedIntermediateIsNotRoutedThroughAndSuspendedPayerIsRefused() {
        Member suspended = community.member("Suspended", "suspended");
        db.sql("UPDATE participants SET status = 'suspended' WHERE pid = :c")
                .bind("c", c.pid())
                .fetch().rowsUpdated().block();
        graphs.refresh(eq);

        Payments.pay(client, a, d, eq, "5.00").expectStatus().isBadRequest();
        Payments.pay(client, suspended, a, eq, "5.00")
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("E006");
    }

    @Test
    void replayWithTheSamePayloadReturnsTheStoredResultAndMovesNothingMore() {
        ObjectNode body = Payments.body(a, Payments.newTxId(), d, eq, "10.00", null);

        String first = Payments.post(client, a, body).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String second = Payments.post(client, a, body).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(second).isEqualTo(first);
        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("10");
    }

    @Test
    void replayOfAnAbortedPaymentReturnsTheSameAbortedResult() {
        ObjectNode body = Payments.body(a, Payments.newTxId(), d, eq, "500.00", null);

        Payments.post(client, a, body).expectStatus().isBadRequest();
        Payments.post(client, a, body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.status").isEqualTo("ABORTED");
    }

    @Test
    void sameTxIdWithAnotherPayloadIsAConflict() {
        String txId = Payments.newTxId();
        Payments.post(client, a, Payments.body(a, txId, d, eq, "10.00", null)).expectStatus().isOk();

        Payments.post(client, a, Payments.body(a, txId, d, eq, "11.00", null))
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error.code").isEqualTo("E008");
        Payments.post(client, b, Payments.body(b, txId, c, eq, "10.00", null))
                .expectStatus().isEqualTo(409);
        assertThat(ledger.debt(a, b, eq)).isEqualByComparingTo("10");
    }

    @Test
    void amountsThatAreNotExactDecimalsOfThePrecisionAreRejected() {
        for (String bad : List.of("1.001", "abc", "-5.00", "0", "0.00", "1e2", " 1.00", "1,00", "")) {
            Payments.pay(client, a, d, eq, bad)
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        }

        ObjectNode numeric = Payments.body(a, Payments.newTxId(), d, eq, "1.00", null);
        numeric.put("amount", new BigDecimal("1.00"));
        Payments.post(client, a, numeric).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E009");
        assertThat(ledger.debts(eq)).isEmpty();
    }

    @Test
    void tamperedOrForeignSignatureIsRejectedWithE005() {
        ObjectNode body = Payments.body(a, Payments.newTxId(), d, eq, "10.00", null);
        body.put("amount", "20.00");
        Payments.post(client, a, body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");

        ObjectNode foreign = Payments.body(b, Payments.newTxId(), d, eq, "10.00", null);
        Payments.post(client, a, foreign).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("E005");
        assertThat(ledger.debts(eq)).isEmpty();
    }

    @Test
    void historyListsSentAndReceivedPaymentsIncludingAbortedOnes() {
        Payments.pay(client, a, d, eq, "10.00").expectStatus().isOk();
        Payments.pay(client, a, d, eq, "900.00").expectStatus().isBadRequest();

        client.get().uri("/api/v1/payments?direction=sent&equivalent=" + eq)
                .header("Authorization", a.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
        client.get().uri("/api/v1/payments?direction=received&status=COMMITTED")
                .header("Authorization", d.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].amount").isEqualTo("10.00");
        client.get().uri("/api/v1/payments?direction=sideways")
                .header("Authorization", a.bearer())
                .exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void onePaymentIsVisibleOnlyToTheParticipantsInvolved() {
        String txId = Payments.newTxId();
        Payments.post(client, a, Payments.body(a, txId, d, eq, "10.00", null)).expectStatus().isOk();
        Member outsider = community.member("Outsider");

        for (Member involved : List.of(a, b, d)) {
            client.get().uri("/api/v1/payments/" + txId)
                    .header("Authorization", involved.bearer())
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.tx_id").isEqualTo(txId);
        }
        client.get().uri("/api/v1/payments/" + txId)
                .header("Authorization", outsider.bearer())
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void capacityAndMaxFlowDescribeWhatCouldBePaid() {
        client.get().uri("/api/v1/payments/capacity?to=" + d.pid() + "&equivalent=" + eq + "&amount=150.00")
                .header("Authorization", a.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.can_pay").isEqualTo(false)
                .jsonPath("$.max_amount").isEqualTo("100.00");
        client.get().uri("/api/v1/payments/max-flow?to=" + d.pid() + "&equivalent=" + eq)
                .header("Authorization", a.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.max_amount").isEqualTo("100.00")
                .jsonPath("$.paths[0].capacity").isEqualTo("100.00")
                .jsonPath("$.bottlenecks").isArray();
    }
}
