package dev.parley.transport;

import java.util.Arrays;

/**
 * The endpoint's timers: a binary min-heap of connections keyed by their earliest deadline, indexed so that a
 * connection's deadline moves in O(log n) and the earliest is read in O(1) [TR-LOOP-1]. A wake-up of the loop
 * costs work in the number of connections that are due, never in the number that are idle: 10,000 idle
 * connections add nothing to a wake-up (reference-impl/BENCHMARKS.md, "Timers").
 *
 * <p>Each connection owns one {@link Entry}; {@link #schedule} places, moves or (with {@link Long#MAX_VALUE})
 * removes it. Deadlines are compared as differences, so {@code nanoTime} wrap-around is harmless. Not thread-safe:
 * the loop thread owns it.
 *
 * @param <T> what a timer belongs to
 */
final class TimerQueue<T> {

    /** A timer: its owner, its deadline, and its place in the heap (-1 when not queued). */
    static final class Entry<T> {
        final T owner;
        long deadlineNanos = Long.MAX_VALUE;
        int index = -1;

        Entry(T owner) {
            this.owner = owner;
        }

        boolean queued() {
            return index >= 0;
        }
    }

    private Entry<T>[] heap;
    private int size;
    /** Heap operations since creation: sift steps, for the benchmark's count of work per wake-up. */
    private long operations;

    @SuppressWarnings("unchecked")
    TimerQueue() {
        heap = (Entry<T>[]) new Entry<?>[16];
    }

    int size() {
        return size;
    }

    long operations() {
        return operations;
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when nothing is queued. */
    long earliestNanos() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineNanos;
    }

    /** The entry with the earliest deadline, or {@code null}. */
    Entry<T> peek() {
        return size == 0 ? null : heap[0];
    }

    /** Sets {@code e}'s deadline; {@link Long#MAX_VALUE} takes it out of the queue. */
    void schedule(Entry<T> e, long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            remove(e);
            return;
        }
        if (!e.queued()) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            e.deadlineNanos = deadlineNanos;
            e.index = size;
            heap[size++] = e;
            siftUp(e.index);
            return;
        }
        if (e.deadlineNanos == deadlineNanos) {
            return;
        }
        boolean earlier = deadlineNanos - e.deadlineNanos < 0;
        e.deadlineNanos = deadlineNanos;
        if (earlier) {
            siftUp(e.index);
        } else {
            siftDown(e.index);
        }
    }

    /** Takes {@code e} out of the queue, if it is in it. */
    void remove(Entry<T> e) {
        int i = e.index;
        if (i < 0) {
            return;
        }
        e.index = -1;
        e.deadlineNanos = Long.MAX_VALUE;
        Entry<T> last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            siftDown(i);
            siftUp(last.index);
        }
    }

    private void siftUp(int i) {
        Entry<T> e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry<T> p = heap[parent];
            operations++;
            if (e.deadlineNanos - p.deadlineNanos >= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = e;
        e.index = i;
    }

    private void siftDown(int i) {
        Entry<T> e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadlineNanos - heap[child].deadlineNanos < 0) {
                child = right;
            }
            operations++;
            if (heap[child].deadlineNanos - e.deadlineNanos >= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = e;
        e.index = i;
    }
}
