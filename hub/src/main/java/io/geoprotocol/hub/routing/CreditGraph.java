package io.geoprotocol.hub.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-memory credit graph of one equivalent: trust lines, debts, reservations in flight and
 * participant activity, laid out for routing.
 *
 * <p>Every unordered pair of participants that shares a line or a debt owns two arcs, one per
 * payment direction; arc {@code a} and its twin {@code a ^ 1} describe the same pair. Arc
 * {@code U -> V} (U pays V) carries the line {@code V -> U} that lets U owe V, the debt U owes
 * V, and the amount reserved for payments in flight from U to V. Its capacity follows the
 * specification: {@code limit(V -> U) - debt[U owes V] + debt[V owes U] - reserved(U -> V)}.
 *
 * <p>Concurrency: one writer and many readers, through a read-write lock. Mutations hold the
 * write lock for a few array writes only; a route search holds the read lock for its whole
 * (millisecond) run, so it always sees one consistent state.
 *
 * <p>Memory: parallel primitive arrays indexed by arc, per-node int adjacency rows and a
 * boxing-free pair index; about 110 bytes per pair of participants.
 */
public final class CreditGraph {

    static final byte LINE = 1;
    static final byte FROZEN = 2;
    static final byte NO_INTERMEDIATE = 4;
    static final byte NO_AUTO_CLEARING = 8;
    static final byte HAS_BLOCKED = 16;

    private final String equivalent;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong version = new AtomicLong();
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final Map<Integer, int[]> blocked = new HashMap<>();
    private final LongIntMap pairArc;

    String[] pids;
    boolean[] active;
    int[][] adjacency;
    int[] degree;
    int nodeCount;

    int[] arcHead;
    long[] arcLimit;
    long[] arcDebt;
    long[] arcReserved;
    byte[] arcFlags;
    int arcCount;

    private int lineCount;

    public CreditGraph(String equivalent) {
        this(equivalent, 1024, 4096);
    }

    /** Pre-sizes the arrays; useful when the caller knows the community size up front. */
    public CreditGraph(String equivalent, int expectedParticipants, int expectedLines) {
        this.equivalent = equivalent;
        int nodes = Math.max(16, expectedParticipants);
        int arcs = Math.max(32, expectedLines * 2);
        pids = new String[nodes];
        active = new boolean[nodes];
        adjacency = new int[nodes][];
        degree = new int[nodes];
        arcHead = new int[arcs];
        arcLimit = new long[arcs];
        arcDebt = new long[arcs];
        arcReserved = new long[arcs];
        arcFlags = new byte[arcs];
        pairArc = new LongIntMap(arcs);
    }

    public String equivalent() {
        return equivalent;
    }

    /** Incremented by every mutation; lets a caller tell whether its view is stale. */
    public long version() {
        return version.get();
    }

    /**
     * Creates or replaces the line {@code from -> to}: {@code from} trusts {@code to} up to
     * {@code limit}, so {@code to} may pay {@code from} (and owe it) up to that limit.
     */
    public void upsertLine(String from, String to, long limit, LinePolicy policy, LineStatus status) {
        requireDistinct(from, to);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        LinePolicy p = policy == null ? LinePolicy.DEFAULT : policy;
        lock.writeLock().lock();
        try {
            int arc = arcOf(intern(to), intern(from), true);
            if ((arcFlags[arc] & LINE) == 0) {
                lineCount++;
            }
            byte flags = LINE;
            if (status == LineStatus.FROZEN) {
                flags |= FROZEN;
            }
            if (!p.canBeIntermediate()) {
                flags |= NO_INTERMEDIATE;
            }
            if (!p.autoClearing()) {
                flags |= NO_AUTO_CLEARING;
            }
            blocked.remove(arc);
            if (!p.blockedParticipants().isEmpty()) {
                flags |= HAS_BLOCKED;
                blocked.put(arc, internAll(p.blockedParticipants()));
            }
            arcFlags[arc] = flags;
            arcLimit[arc] = limit;
            version.incrementAndGet();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Convenience for an active line with the default policy. */
    public void upsertLine(String from, String to, long limit) {
        upsertLine(from, to, limit, LinePolicy.DEFAULT, LineStatus.ACTIVE);
    }

    /** Removes the line {@code from -> to} (closed); debts recorded on the pair stay as they are. */
    public void removeLine(String from, String to) {
        lock.writeLock().lock();
        try {
            int arc = existingArc(to, from);
            if (arc >= 0 && (arcFlags[arc] & LINE) != 0) {
                arcFlags[arc] = 0;
                arcLimit[arc] = 0;
                blocked.remove(arc);
                lineCount--;
                version.incrementAndGet();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Sets what {@code debtor} owes {@code creditor}; zero removes the debt. */
    public void setDebt(String debtor, String creditor, long amount) {
        requireDistinct(debtor, creditor);
        if (amount < 0) {
            throw new IllegalArgumentException("debt must be >= 0: " + amount);
        }
        lock.writeLock().lock();
        try {
            if (amount == 0 && existingArc(debtor, creditor) < 0) {
                return;
            }
            arcDebt[arcOf(intern(debtor), intern(creditor), true)] = amount;
            version.incrementAndGet();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Marks {@code amount} of the hop {@code payer -> payee} as taken by a payment in flight. */
    public void addReservation(String payer, String payee, long amount) {
        requireDistinct(payer, payee);
        requirePositive(amount);
        lock.writeLock().lock();
        try {
            int arc = arcOf(intern(payer), intern(payee), true);
            arcReserved[arc] = Math.addExact(arcReserved[arc], amount);
            version.incrementAndGet();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Gives back a reservation made by {@link #addReservation}; releasing more is a bug. */
    public void releaseReservation(String payer, String payee, long amount) {
        requirePositive(amount);
        lock.writeLock().lock();
        try {
            int arc = existingArc(payer, payee);
            if (arc < 0 || arcReserved[arc] < amount) {
                throw new IllegalStateException("release of " + amount + " exceeds the reservation "
                        + payer + " -> " + payee);
            }
            arcReserved[arc] -= amount;
            version.incrementAndGet();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A participant that is not active is never routed through, to or from. */
    public void setParticipantActive(String pid, boolean isActive) {
        lock.writeLock().lock();
        try {
            active[intern(pid)] = isActive;
            version.incrementAndGet();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Capacity of the payment hop {@code payer -> payee} per the specification, less reservations. */
    public long hopCapacity(String payer, String payee) {
        lock.readLock().lock();
        try {
            int arc = existingArc(payer, payee);
            return arc < 0 ? 0 : capacity(arc);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long debt(String debtor, String creditor) {
        lock.readLock().lock();
        try {
            int arc = existingArc(debtor, creditor);
            return arc < 0 ? 0 : arcDebt[arc];
        } finally {
            lock.readLock().unlock();
        }
    }

    public long reserved(String payer, String payee) {
        lock.readLock().lock();
        try {
            int arc = existingArc(payer, payee);
            return arc < 0 ? 0 : arcReserved[arc];
        } finally {
            lock.readLock().unlock();
        }
    }

    public int participantCount() {
        lock.readLock().lock();
        try {
            return nodeCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int lineCount() {
        lock.readLock().lock();
        try {
            return lineCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Receives one debt with the auto-clearing flag of the line it lives under. */
    @FunctionalInterface
    public interface DebtConsumer {
        void accept(String debtor, String creditor, long amount, boolean autoClearing);
    }

    /**
     * Visits every positive debt, with the {@code auto_clearing} policy of the line
     * {@code creditor -> debtor}; a debt without a live line counts as not clearable.
     */
    public void forEachDebt(DebtConsumer consumer) {
        lock.readLock().lock();
        try {
            for (int arc = 0; arc < arcCount; arc++) {
                if (arcDebt[arc] > 0) {
                    byte flags = arcFlags[arc];
                    boolean clearable = (flags & LINE) != 0 && (flags & NO_AUTO_CLEARING) == 0;
                    consumer.accept(pids[tail(arc)], pids[arcHead[arc]], arcDebt[arc], clearable);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    Lock readLock() {
        return lock.readLock();
    }

    int indexOf(String pid) {
        Integer index = nodeIndex.get(pid);
        return index == null ? -1 : index;
    }

    int tail(int arc) {
        return arcHead[arc ^ 1];
    }

    /**
     * Hop capacity of an arc. Saturates at Long.MAX_VALUE: a limit near the maximum plus an
     * offsettable reverse debt would otherwise overflow.
     */
    long capacity(int arc) {
        byte flags = arcFlags[arc];
        long credit = (flags & LINE) != 0 && (flags & FROZEN) == 0 ? arcLimit[arc] : 0;
        long offset = (arcFlags[arc ^ 1] & FROZEN) != 0 ? 0 : arcDebt[arc ^ 1];
        long cap = saturatedAdd(credit, offset) - arcDebt[arc];
        if (cap <= 0) {
            return 0;
        }
        cap -= arcReserved[arc];
        return Math.max(0, cap);
    }

    /** True when the hop exists at all for routing, whatever its remaining capacity. */
    boolean usable(int arc) {
        byte flags = arcFlags[arc];
        boolean credit = (flags & LINE) != 0 && (flags & FROZEN) == 0;
        boolean offset = arcDebt[arc ^ 1] > 0 && (arcFlags[arc ^ 1] & FROZEN) == 0;
        return credit || offset;
    }

    /**
     * Policy checks that depend on this arc alone: {@code can_be_intermediate} of the line
     * owner (the head) and the line's blocked list against the arc's own intermediates.
     */
    boolean permits(int arc, int payer, int payee) {
        byte flags = arcFlags[arc];
        int head = arcHead[arc];
        if ((flags & NO_INTERMEDIATE) != 0 && head != payee) {
            return false;
        }
        if ((flags & HAS_BLOCKED) != 0) {
            int[] list = blocked.get(arc);
            int tail = tail(arc);
            boolean headBlocked = head != payee && Arrays.binarySearch(list, head) >= 0;
            boolean tailBlocked = tail != payer && Arrays.binarySearch(list, tail) >= 0;
            return !headBlocked && !tailBlocked;
        }
        return true;
    }

    /** Blocked participants of the arc's line, sorted, or null when it has none. */
    int[] blockedOf(int arc) {
        return (arcFlags[arc] & HAS_BLOCKED) == 0 ? null : blocked.get(arc);
    }

    long lineLimit(int arc) {
        return (arcFlags[arc] & LINE) != 0 ? arcLimit[arc] : 0;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private int existingArc(String tail, String head) {
        Integer u = nodeIndex.get(tail);
        Integer v = nodeIndex.get(head);
        if (u == null || v == null) {
            return -1;
        }
        return pairArc.get(pairKey(u, v), -1);
    }

    private int arcOf(int u, int v, boolean create) {
        int arc = pairArc.get(pairKey(u, v), -1);
        if (arc >= 0 || !create) {
            return arc;
        }
        ensureArcCapacity(arcCount + 2);
        arc = arcCount;
        arcCount += 2;
        arcHead[arc] = v;
        arcHead[arc + 1] = u;
        pairArc.put(pairKey(u, v), arc);
        pairArc.put(pairKey(v, u), arc + 1);
        addToAdjacency(u, arc);
        addToAdjacency(v, arc + 1);
        return arc;
    }

    private int intern(String pid) {
        Integer existing = nodeIndex.get(pid);
        if (existing != null) {
            return existing;
        }
        if (pid == null || pid.isEmpty()) {
            throw new IllegalArgumentException("empty PID");
        }
        if (nodeCount == pids.length) {
            int size = pids.length * 2;
            pids = Arrays.copyOf(pids, size);
            active = Arrays.copyOf(active, size);
            adjacency = Arrays.copyOf(adjacency, size);
            degree = Arrays.copyOf(degree, size);
        }
        int index = nodeCount++;
        pids[index] = pid;
        active[index] = true;
        adjacency[index] = new int[4];
        nodeIndex.put(pid, index);
        return index;
    }

    private int[] internAll(Set<String> pidSet) {
        List<Integer> indices = new ArrayList<>(pidSet.size());
        for (String pid : pidSet) {
            indices.add(intern(pid));
        }
        return indices.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private void addToAdjacency(int node, int arc) {
        int[] row = adjacency[node];
        if (degree[node] == row.length) {
            row = Arrays.copyOf(row, row.length * 2);
            adjacency[node] = row;
        }
        row[degree[node]++] = arc;
    }

    private void ensureArcCapacity(int needed) {
        if (needed <= arcHead.length) {
            return;
        }
        int size = Math.max(needed, arcHead.length + (arcHead.length >> 1));
        arcHead = Arrays.copyOf(arcHead, size);
        arcLimit = Arrays.copyOf(arcLimit, size);
        arcDebt = Arrays.copyOf(arcDebt, size);
        arcReserved = Arrays.copyOf(arcReserved, size);
        arcFlags = Arrays.copyOf(arcFlags, size);
    }

    private static long pairKey(int tail, int head) {
        return ((long) tail << 32) | head;
    }

    private static void requireDistinct(String a, String b) {
        if (a == null || b == null || a.equals(b)) {
            throw new IllegalArgumentException("two distinct participants are required");
        }
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be > 0: " + amount);
        }
    }
}
