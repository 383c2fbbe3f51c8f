package io.geoprotocol.hub.routing;

import java.util.Arrays;

/** Binary max-heap of search labels: widest first, then fewest hops. Duplicates are allowed. */
final class WidthHeap {

    private long[] widths = new long[256];
    private int[] hops = new int[256];
    private int[] states = new int[256];
    private int size;

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long topWidth() {
        return widths[0];
    }

    int topState() {
        return states[0];
    }

    void push(long width, int hop, int state) {
        if (size == widths.length) {
            widths = Arrays.copyOf(widths, size * 2);
            hops = Arrays.copyOf(hops, size * 2);
            states = Arrays.copyOf(states, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(width, hop, widths[parent], hops[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, width, hop, state);
    }

    void pop() {
        size--;
        if (size == 0) {
            return;
        }
        long width = widths[size];
        int hop = hops[size];
        int state = states[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(widths[child + 1], hops[child + 1], widths[child], hops[child])) {
                child++;
            }
            if (!before(widths[child], hops[child], width, hop)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, width, hop, state);
    }

    private static boolean before(long w1, int h1, long w2, int h2) {
        return w1 > w2 || (w1 == w2 && h1 < h2);
    }

    private void move(int from, int to) {
        widths[to] = widths[from];
        hops[to] = hops[from];
        states[to] = states[from];
    }

    private void set(int i, long width, int hop, int state) {
        widths[i] = width;
        hops[i] = hop;
        states[i] = state;
    }
}
