package dev.parley.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What the receiving application has got so far. One thread (the receiver) counts; the bench's main
 * thread reads a {@link Window} of it: it lets the contender warm up, then samples the counts every
 * {@value #INTERVAL_MILLIS} ms for the measurement duration. Sleeping here is the measurement itself, not
 * a wait for an event.
 */
final class DeliveryCounter {

    static final int INTERVAL_MILLIS = 100;

    /**
     * Counts delivered during one measurement window.
     *
     * @param slowestIntervalMessagesPerSecond the lowest rate seen in any {@value #INTERVAL_MILLIS} ms interval:
     *                                         a stall (a retransmission timeout, say) shows here first
     */
    record Window(long messages, long bytes, long elapsedNanos, double slowestIntervalMessagesPerSecond) {
    }

    // Single writer: plain increments of volatile fields are safe and cheap enough at ~10^5 per second.
    private volatile long messages;
    private volatile long bytes;

    /** Receiver thread only. */
    void add(long messageCount, long byteCount) {
        messages = messages + messageCount;
        bytes = bytes + byteCount;
    }

    /**
     * Receiver thread only: bytes of a stream, counted as messages of {@code messageBytes} each (the
     * application bytes one full datagram carries).
     */
    void addStreamBytes(long byteCount, int messageBytes) {
        long total = bytes + byteCount;
        bytes = total;
        messages = total / messageBytes;
    }

    long messages() {
        return messages;
    }

    /** Sleeps through {@code warmup}, then counts what arrives during {@code duration}. */
    Window measure(Duration warmup, Duration duration) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        Histogram intervalRates = new Histogram(3);
        long startNanos = System.nanoTime();
        long startMessages = messages;
        long startBytes = bytes;
        long endNanos = startNanos + duration.toNanos();
        long intervalStartNanos = startNanos;
        long intervalStartMessages = startMessages;
        long now = startNanos;
        while (endNanos - now > 0) {
            Thread.sleep(Math.max(1, Math.min(INTERVAL_MILLIS, (endNanos - now) / 1_000_000)));
            now = System.nanoTime();
            long count = messages;
            long intervalNanos = now - intervalStartNanos;
            if (intervalNanos >= INTERVAL_MILLIS * 1_000_000L / 2) {
                intervalRates.recordValue(Math.round((count - intervalStartMessages) * 1e9 / intervalNanos));
                intervalStartNanos = now;
                intervalStartMessages = count;
            }
        }
        long endMessages = messages;
        long endBytes = bytes;
        long elapsedNanos = System.nanoTime() - startNanos;
        return new Window(endMessages - startMessages, endBytes - startBytes, elapsedNanos,
                intervalRates.getTotalCount() == 0 ? 0 : intervalRates.getMinValue());
    }
}
