package io.geoprotocol.hub.trustlines;

import io.geoprotocol.hub.support.TestCommunity.Member;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Signed trust line requests as a client builds them, and direct writes of debts and reservations. */
final class TrustLineRequests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient client;
    private final DatabaseClient db;

    TrustLineRequests(WebTestClient client, DatabaseClient db) {
        this.client = client;
        this.db = db;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The create body, signed by {@code signer} over to/equivalent/limit/policy. */
    static ObjectNode createBody(Member signer, String to, String equivalent, String limit, ObjectNode policy) {
        ObjectNode payload = object();
        payload.put("to", to);
        payload.put("equivalent", equivalent);
        payload.put("limit", limit);
        if (policy != null) {
            payload.set("policy", policy);
        }
        ObjectNode body = payload.deepCopy();
        body.put("signature", signer.sign(payload));
        return body;
    }

    /** The update body, signed over the path id plus the given limit and policy. */
    static ObjectNode updateBody(Member signer, UUID id, String limit, ObjectNode policy) {
        ObjectNode payload = object();
        payload.put("id", id.toString());
        ObjectNode body = object();
        if (limit != null) {
            payload.put("limit", limit);
            body.put("limit", limit);
        }
        if (policy != null) {
            payload.set("policy", policy);
            body.set("policy", policy);
        }
        body.put("signature", signer.sign(payload));
        return body;
    }

    static ObjectNode closeBody(Member signer, UUID id) {
        ObjectNode payload = object();
        payload.put("id", id.toString());
        ObjectNode body = object();
        body.put("signature", signer.sign(payload));
        return body;
    }

    WebTestClient.ResponseSpec create(Member caller, ObjectNode body) {
        return client.post().uri("/api/v1/trustlines")
                .header("Authorization", caller.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toString())
                .exchange();
    }

    WebTestClient.ResponseSpec create(Member from, Member to, String equivalent, String limit) {
        return create(from, createBody(from, to.pid(), equivalent, limit, null));
    }

    WebTestClient.ResponseSpec update(Member caller, UUID id, ObjectNode body) {
        return client.patch().uri("/api/v1/trustlines/{id}", id)
                .header("Authorization", caller.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toString())
                .exchange();
    }

    WebTestClient.ResponseSpec close(Member caller, UUID id, ObjectNode body) {
        return client.method(HttpMethod.DELETE).uri("/api/v1/trustlines/{id}", id)
                .header("Authorization", caller.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toString())
                .exchange();
    }

    WebTestClient.ResponseSpec get(Member caller, String path) {
        return client.get().uri(path)
                .header("Authorization", caller.bearer())
                .exchange();
    }

    /** Creates a line through the API and returns its id. */
    UUID open(Member from, Member to, String equivalent, String limit) {
        return UUID.fromString(json(create(from, to, equivalent, limit).expectStatus().isCreated())
                .get("id").asString());
    }

    static JsonNode json(WebTestClient.ResponseSpec response) {
        String body = response.expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    /** Sets what {@code debtor} owes {@code creditor}, as a committed payment would leave it. */
    void debt(Member debtor, Member creditor, String equivalent, String amount) {
        db.sql("INSERT INTO debts (debtor, creditor, equivalent, amount) VALUES (:d, :c, :e, :a)"
                        + " ON CONFLICT (debtor, creditor, equivalent) DO UPDATE SET amount = EXCLUDED.amount")
                .bind("d", debtor.pid())
                .bind("c", creditor.pid())
                .bind("e", equivalent)
                .bind("a", new BigDecimal(amount))
                .fetch().rowsUpdated().block();
    }

    /** A payment in flight holding {@code amount} on the hop payer -> payee until {@code ttl} from now. */
    void reservation(Member payer, Member payee, String equivalent, String amount, Duration ttl) {
        String txId = "test-" + UUID.randomUUID();
        db.sql("INSERT INTO transactions (id, tx_id, type, initiator, equivalent, amount, state)"
                        + " VALUES (:id, :tx, 'PAYMENT', :p, :e, :a, 'PREPARED')")
                .bind("id", UUID.randomUUID())
                .bind("tx", txId)
                .bind("p", payer.pid())
                .bind("e", equivalent)
                .bind("a", new BigDecimal(amount))
                .fetch().rowsUpdated().block();
        db.sql("INSERT INTO payment_reservations (id, tx_id, payer, payee, equivalent, amount, expires_at)"
                        + " VALUES (:id, :tx, :p, :q, :e, :a, :exp)")
                .bind("id", UUID.randomUUID())
                .bind("tx", txId)
                .bind("p", payer.pid())
                .bind("q", payee.pid())
                .bind("e", equivalent)
                .bind("a", new BigDecimal(amount))
                .bind("exp", OffsetDateTime.now().plus(ttl))
                .fetch().rowsUpdated().block();
    }
}
