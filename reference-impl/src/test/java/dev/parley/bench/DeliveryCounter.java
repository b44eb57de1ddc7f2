package dev.parley.bench;

import java.time.Duration;

/**
 * What the receiving application has got so far. One thread (the receiver) counts; the bench's main
 * thread reads a {@link Window} of it: it lets the contender warm up, takes a snapshot, waits for the
 * measurement duration and takes another. Sleeping here is the measurement itself, not a wait for an event.
 */
final class DeliveryCounter {

    /** Counts delivered during one measurement window. */
    record Window(long messages, long bytes, long elapsedNanos) {
    }

    // Single writer: plain increments of volatile fields are safe and cheap enough at ~10^5 per second.
    private volatile long messages;
    private volatile long bytes;

    /** Receiver thread only. */
    void add(long messageCount, long byteCount) {
        messages = messages + messageCount;
        bytes = bytes + byteCount;
    }

    long messages() {
        return messages;
    }

    /** Sleeps through {@code warmup}, then counts what arrives during {@code duration}. */
    Window measure(Duration warmup, Duration duration) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        long startNanos = System.nanoTime();
        long startMessages = messages;
        long startBytes = bytes;
        Thread.sleep(duration.toMillis());
        long endMessages = messages;
        long endBytes = bytes;
        long elapsedNanos = System.nanoTime() - startNanos;
        return new Window(endMessages - startMessages, endBytes - startBytes, elapsedNanos);
    }
}
