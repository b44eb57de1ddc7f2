package dev.parley.conformance.transport;

import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded SYN flood on loopback (spec/transport.md, "Security considerations", SYN floods): SYNs from random
 * ports with random initial sequence numbers, from a socket of its own that never answers the node's SYN|ACKs,
 * at a fixed rate for a fixed time. It stops by itself; {@link #close} stops it early. Only 127.0.0.1 is ever
 * addressed.
 */
public final class SynFlood implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stop;

    private SynFlood(InetSocketAddress target, int port, int perSecond, Duration duration, long seed) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the flood only targets loopback, not " + target);
        }
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SplittableRandom random = new SplittableRandom(seed);
        long total = perSecond * duration.toMillis() / 1000;
        long intervalNanos = 1_000_000_000L / perSecond;
        this.thread = new Thread(() -> {
            long start = System.nanoTime();
            for (long i = 0; i < total && !stop; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Segment syn = new Segment(1024 + random.nextInt(64_512), port, random.nextLong() & 0xffffffffL, 0,
                        SegmentTesterCodec.SYN, TransportTester.WINDOW, 1 + random.nextInt(1 << 30), 0, List.of(),
                        new byte[0]);
                byte[] packet = SegmentTesterCodec.packet(SegmentTesterCodec.write(syn));
                try {
                    socket.send(new DatagramPacket(packet, packet.length, target));
                    sent.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "syn-flood");
        thread.setDaemon(true);
    }

    /**
     * Starts a flood of {@code perSecond} SYNs per second to {@code port} of the node at {@code target}, for
     * {@code duration}.
     */
    public static SynFlood start(InetSocketAddress target, int port, int perSecond, Duration duration, long seed)
            throws IOException {
        SynFlood flood = new SynFlood(target, port, perSecond, duration, seed);
        flood.thread.start();
        return flood;
    }

    /** SYNs sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Waits until the flood has ended by itself, at most {@code timeout}; true if it has. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5_000);
        socket.close();
    }
}
