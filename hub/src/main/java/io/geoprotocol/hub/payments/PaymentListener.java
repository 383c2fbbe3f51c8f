package io.geoprotocol.hub.payments;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Told about the ledger's effects after they are durable, so views such as the routing graph,
 * triggered clearing and event streams can follow. Implementations must be quick and must not
 * fail the payment: exceptions are logged and dropped.
 */
public interface PaymentListener {

    /** Capacity is now held on these hops (payer→payee amounts) by a prepared payment. */
    default void reserved(String equivalent, Map<Hop, BigDecimal> flows) {
    }

    /** A held capacity was given back (the payment committed or aborted). */
    default void released(String equivalent, Map<Hop, BigDecimal> flows) {
    }

    /** The debts of these debtor→creditor pairs now have these values (zero: no debt). */
    default void committed(PaymentResult result, Map<Hop, BigDecimal> newDebts) {
    }

    /** A payment ended without moving anything. */
    default void aborted(PaymentResult result) {
    }
}
