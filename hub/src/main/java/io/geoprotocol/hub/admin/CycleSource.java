package io.geoprotocol.hub.admin;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Finds debt cycles for {@code GET /admin/clearing/cycles}. Clearing may provide its own bean
 * (its cycle finder, with its rules about which lines allow clearing); until then
 * {@link DebtCycleSearch} answers from the debts table.
 */
public interface CycleSource {

    /** One cycle: debtor owes creditor along each edge, the last creditor is the first debtor. */
    record Cycle(String equivalent, List<Edge> edges, String amount) {
    }

    record Edge(String debtor, String creditor, String amount) {
    }

    /** Cycles of 3..maxLength edges, in one equivalent or all, optionally through one participant. */
    Mono<List<Cycle>> find(String equivalent, String participantPid, int maxLength, int limit);
}
