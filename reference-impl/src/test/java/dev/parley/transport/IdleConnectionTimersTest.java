package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The work a loop wake-up costs with 10,000 idle connections [TR-LOOP-1]: counted, not timed. The endpoint keeps
 * its timers in a heap keyed by deadline ({@link TimerQueue}), so a wake-up visits the connections that are due,
 * never the idle ones. reference-impl/BENCHMARKS.md, "Timers", records these counts and the time per wake-up.
 */
class IdleConnectionTimersTest {

    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 40001);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 40002);
    static final long SECOND = 1_000_000_000L;
    static final int PORT = 7000;
    static final int IDLE = 10_000;

    @Test
    @DisplayName("[TR-LOOP-1] with 10,000 idle connections a wake-up visits only the due connections")
    void wakeUpsDoNotVisitIdleConnections() {
        LossyLink link = new LossyLink(5);
        TransportConfig config = TransportConfig.defaults().withLimits(2 * IDLE, 64).withBuffers(16 * 1024, 16 * 1024);
        TransportEndpoint a = link.endpoint(A, config);
        // Every connection comes from one address: B's per-address limit must admit them all [TR-SEC-ADDR-1].
        OpeningLimits defaults = OpeningLimits.defaults();
        TransportEndpoint b = link.endpoint(B, config,
                new OpeningLimits(2 * IDLE, defaults.maxTimeWait(), defaults.challengeAcksPerSecond()));
        b.listen(PORT, c -> new Recorder());
        int[] opened = new int[1];
        for (int i = 0; i < IDLE; i += 50) {
            for (int j = 0; j < 50; j++) {
                a.connect(B, PORT, new ConnectionListener() {
                    @Override
                    public void onOpen(Connection c) {
                        opened[0]++;
                    }

                    @Override
                    public void onData(Connection c, byte[] data) {
                    }

                    @Override
                    public void onPeerClosed(Connection c) {
                    }

                    @Override
                    public void onClose(Connection c, CloseReason reason) {
                    }
                });
            }
            int target = i + 50;
            assertThat(link.runUntil(() -> opened[0] == target, SECOND)).isTrue();
        }
        assertThat(a.connectionCount()).isEqualTo(IDLE);

        // One busy connection moves 1 MiB while the 10,000 others sit idle (keepalive 15 s away). Both ends count:
        // the receiver's delayed ACKs and the sender's loss and retransmission timers wake their loops.
        long wakeUps = a.timerWakeups() + b.timerWakeups();
        long visits = a.timerVisits() + b.timerVisits();
        long heapSteps = a.timerQueueOperations() + b.timerQueueOperations();
        long segments = a.stats().segmentsReceived + b.stats().segmentsReceived;
        Recorder server = new Recorder();
        b.listen(PORT + 1, server);
        byte[] data = TransportEndpointTest.pattern(1 << 20, 3);
        Sender sender = new Sender(data, false);
        a.connect(B, PORT + 1, sender);
        assertThat(link.runUntil(() -> server.received.size() == data.length, 10 * SECOND)).isTrue();

        long n = a.timerWakeups() + b.timerWakeups() - wakeUps;
        double visitsPerWakeUp = (double) (a.timerVisits() + b.timerVisits() - visits) / n;
        long events = n + a.stats().segmentsReceived + b.stats().segmentsReceived - segments;
        double stepsPerEvent = (double) (a.timerQueueOperations() + b.timerQueueOperations() - heapSteps) / events;
        System.out.printf("timers: %d idle connections, %d wake-ups, %.2f connections visited per wake-up (a scan "
                + "visits %d, three times); %d events (wake-ups and segments), %.1f heap steps per event%n", IDLE, n,
                visitsPerWakeUp, IDLE + 1, events, stepsPerEvent);
        // For BENCHMARKS.md only, never asserted: the time of an empty wake-up (ask the deadline, run what is due).
        long now = link.clock.getAsLong();
        long sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            sink += a.nextTimeoutNanos();
            a.onTimeout(now);
            sink += a.nextTimeoutNanos();
        }
        System.out.printf("timers: an empty wake-up with %d connections takes %.0f ns (%d)%n", a.connectionCount(),
                (System.nanoTime() - t0) / 20_000.0, sink & 1);
        assertThat(n).isPositive();
        assertThat(visitsPerWakeUp).as("connections visited per wake-up").isLessThanOrEqualTo(2.0);
        // log2(10,001) < 14: a move costs at most one sift of the heap's height, a few moves per event.
        assertThat(stepsPerEvent).as("heap steps per event").isLessThan(4 * 14);
    }
}
