package io.geoprotocol.hub.clearing;

import java.util.ArrayList;
import java.util.List;

/**
 * A debt cycle: {@code participants[0]} owes {@code participants[1]}, ..., the last owes the
 * first; clearing it reduces every one of those debts by {@code amount}.
 */
public record DebtCycle(List<String> participants, long amount) {

    public DebtCycle {
        participants = List.copyOf(participants);
        if (participants.size() < 2 || amount <= 0) {
            throw new IllegalArgumentException("a cycle needs two participants and a positive amount");
        }
    }

    public int length() {
        return participants.size();
    }

    /** The cycle's debts in order, each reduced by {@link #amount()}. */
    public List<DebtKey> edges() {
        List<DebtKey> edges = new ArrayList<>(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            edges.add(new DebtKey(participants.get(i), participants.get((i + 1) % participants.size())));
        }
        return edges;
    }

    /** Total debt the cycle removes: its amount on each of its edges. */
    public long debtRemoved() {
        return Math.multiplyExact(amount, (long) participants.size());
    }
}
