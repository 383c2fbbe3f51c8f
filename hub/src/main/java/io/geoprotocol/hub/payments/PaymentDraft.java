package io.geoprotocol.hub.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A validated, signed payment about to be written: everything the ledger stores for it. */
record PaymentDraft(
        UUID id,
        String txId,
        String payer,
        String payee,
        String equivalent,
        int precision,
        BigDecimal amount,
        String payloadJson,
        String payloadHash,
        String requestId,
        Instant createdAt) {
}
