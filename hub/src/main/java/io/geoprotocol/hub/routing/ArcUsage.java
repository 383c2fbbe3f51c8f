package io.geoprotocol.hub.routing;

import java.util.Arrays;

/**
 * What the paths chosen so far in one request take from each arc. Few arcs are touched per
 * request, so a small open-addressing table is cheaper than an array over all arcs.
 */
final class ArcUsage {

    private int[] arcs = new int[64];
    private long[] used = new long[64];
    private int size;

    ArcUsage() {
        Arrays.fill(arcs, -1);
    }

    boolean isEmpty() {
        return size == 0;
    }

    long get(int arc) {
        if (size == 0) {
            return 0;
        }
        int mask = arcs.length - 1;
        for (int i = slot(arc, mask); ; i = (i + 1) & mask) {
            if (arcs[i] == arc) {
                return used[i];
            }
            if (arcs[i] == -1) {
                return 0;
            }
        }
    }

    /** Adds to the usage; saturates rather than overflow, as capacities may be near the maximum. */
    void add(int arc, long amount) {
        if ((size + 1) * 2 > arcs.length) {
            grow();
        }
        int mask = arcs.length - 1;
        for (int i = slot(arc, mask); ; i = (i + 1) & mask) {
            if (arcs[i] == arc) {
                used[i] = CreditGraph.saturatedAdd(used[i], amount);
                return;
            }
            if (arcs[i] == -1) {
                arcs[i] = arc;
                used[i] = amount;
                size++;
                return;
            }
        }
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(arcs, -1);
            size = 0;
        }
    }

    private void grow() {
        int[] oldArcs = arcs;
        long[] oldUsed = used;
        arcs = new int[oldArcs.length * 2];
        used = new long[oldArcs.length * 2];
        Arrays.fill(arcs, -1);
        size = 0;
        for (int i = 0; i < oldArcs.length; i++) {
            if (oldArcs[i] != -1) {
                add(oldArcs[i], oldUsed[i]);
            }
        }
    }

    private static int slot(int arc, int mask) {
        return (arc * 0x9E3779B9) >>> 7 & mask;
    }
}
