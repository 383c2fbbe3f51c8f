package io.geoprotocol.hub.crypto;

import io.geoprotocol.hub.web.ApiException;
import java.util.Collection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies a participant's signature over the canonical JSON of a request, restricted to the
 * keys the contract lists for it. Optional keys absent from the request stay absent; a key sent
 * as JSON null is signed as null.
 */
public final class SignedRequest {

    private SignedRequest() {
    }

    /** Picks the listed keys of {@code body} into a fresh object (the signed payload). */
    public static ObjectNode payload(JsonNode body, Collection<String> keys) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        for (String key : keys) {
            JsonNode value = body.get(key);
            if (value != null) {
                payload.set(key, value);
            }
        }
        return payload;
    }

    /** Fails with E005 unless {@code signature} is a valid Ed25519 signature of the payload. */
    public static void verify(byte[] publicKey, ObjectNode payload, String signature) {
        if (signature == null || signature.isBlank()) {
            throw ApiException.invalidSignature("Missing signature");
        }
        if (!Ed25519.verify(publicKey, CanonicalJson.bytes(payload), signature)) {
            throw ApiException.invalidSignature("Invalid signature");
        }
    }
}
