package io.geoprotocol.hub.support;

import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Signed payment requests as a wallet would send them. */
public final class Payments {

    private Payments() {
    }

    public static String newTxId() {
        return "tx-" + UUID.randomUUID();
    }

    /** The signed body of a payment; {@code constraints} may be null. */
    public static ObjectNode body(TestCommunity.Member payer, String txId, TestCommunity.Member payee,
            String equivalent, String amount, ObjectNode constraints) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("tx_id", txId);
        payload.put("to", payee.pid());
        payload.put("equivalent", equivalent);
        payload.put("amount", amount);
        if (constraints != null) {
            payload.set("constraints", constraints);
        }
        ObjectNode body = payload.deepCopy();
        body.put("signature", payer.sign(payload));
        return body;
    }

    public static ObjectNode avoid(List<String> pids) {
        ObjectNode constraints = JsonNodeFactory.instance.objectNode();
        var array = constraints.putArray("avoid");
        pids.forEach(array::add);
        return constraints;
    }

    public static WebTestClient.ResponseSpec post(WebTestClient client, TestCommunity.Member payer, Object body) {
        return client.post().uri("/api/v1/payments")
                .header("Authorization", payer.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    public static WebTestClient.ResponseSpec pay(WebTestClient client, TestCommunity.Member payer,
            TestCommunity.Member payee, String equivalent, String amount) {
        return post(client, payer, body(payer, newTxId(), payee, equivalent, amount, null));
    }
}
