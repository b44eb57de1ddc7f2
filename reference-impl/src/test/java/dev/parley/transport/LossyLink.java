package dev.parley.transport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * An in-memory network of transport endpoints on a {@link TestClock}: each datagram is delayed, and may be lost,
 * duplicated, reordered (by jitter) or corrupted. Corrupted datagrams are dropped on arrival by a CRC-32C, as the
 * datagram layer does [DG-CSUM-1]. A SYN to a port without listener is answered with an unreachable report, as
 * the datagram layer does.
 */
final class LossyLink {

    record Transmission(long atNanos, InetSocketAddress from, InetSocketAddress to, Segment segment) {
    }

    record InFlight(long deliverAt, long order, InetSocketAddress from, InetSocketAddress to, byte[] bytes, long crc) {
    }

    final TestClock clock = new TestClock();
    final Random random;
    double lossRate;
    double duplicateRate;
    double corruptRate;
    long delayNanos = 1_000_000;
    long jitterNanos;
    /** Segments for which this returns true are dropped (a deterministic loss pattern). */
    Predicate<Segment> dropFilter = s -> false;
    final List<Segment> sent = new ArrayList<>();
    /** Every datagram sent, with its time and sender, whatever its fate on the link. */
    final List<Transmission> transmissions = new ArrayList<>();
    /** Every datagram handed to a node's endpoint (not lost, not corrupted), with its time of arrival. */
    final List<Transmission> arrivals = new ArrayList<>();
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>((a, b) -> a.deliverAt != b.deliverAt
            ? Long.compare(a.deliverAt, b.deliverAt) : Long.compare(a.order, b.order));
    private final Map<InetSocketAddress, TransportEndpoint> nodes = new HashMap<>();
    private long order;

    LossyLink(long seed) {
        this.random = new Random(seed);
    }

    TransportEndpoint endpoint(InetSocketAddress address, TransportConfig config) {
        return endpoint(address, config, OpeningLimits.defaults());
    }

    /** An endpoint with its own defences against opening attacks [TR-SEC-ADDR-1]. */
    TransportEndpoint endpoint(InetSocketAddress address, TransportConfig config, OpeningLimits limits) {
        TransportEndpoint e = new TransportEndpoint(config, limits, (to, bytes) -> transmit(address, to, bytes),
                new Random(random.nextLong()), clock);
        nodes.put(address, e);
        return e;
    }

    /** The node disappears: its datagrams go nowhere from now on. */
    void vanish(InetSocketAddress address) {
        nodes.remove(address);
    }

    void inject(InetSocketAddress from, InetSocketAddress to, Segment s) {
        transmit(from, to, SegmentCodec.encodeUnchecked(s));
    }

    private void transmit(InetSocketAddress from, InetSocketAddress to, byte[] bytes) {
        Segment s = SegmentCodec.decode(bytes).segment();
        sent.add(s);
        transmissions.add(new Transmission(clock.getAsLong(), from, to, s));
        if (dropFilter.test(s) || random.nextDouble() < lossRate) {
            return;
        }
        int copies = random.nextDouble() < duplicateRate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            byte[] b = bytes.clone();
            CRC32C crc = new CRC32C();
            crc.update(b);
            long sum = crc.getValue();
            if (random.nextDouble() < corruptRate) {
                b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
            }
            long jitter = jitterNanos == 0 ? 0 : (long) (random.nextDouble() * jitterNanos);
            queue.add(new InFlight(clock.getAsLong() + delayNanos + jitter, order++, from, to, b, sum));
        }
    }

    /** Runs the network until {@code done} holds or {@code maxNanos} of simulated time pass; returns {@code done}. */
    boolean runUntil(BooleanSupplier done, long maxNanos) {
        long deadline = clock.getAsLong() + maxNanos;
        for (int steps = 0; steps < 5_000_000; steps++) {
            if (done.getAsBoolean()) {
                return true;
            }
            long next = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().deliverAt;
            for (TransportEndpoint e : List.copyOf(nodes.values())) {
                next = Math.min(next, e.nextTimeoutNanos());
            }
            if (next > deadline) {
                clock.advanceTo(deadline);
                return done.getAsBoolean();
            }
            clock.advanceTo(next);
            long now = clock.getAsLong();
            while (!queue.isEmpty() && queue.peek().deliverAt <= now) {
                deliver(queue.poll(), now);
            }
            for (TransportEndpoint e : List.copyOf(nodes.values())) {
                if (e.nextTimeoutNanos() <= now) {
                    e.onTimeout(now);
                }
            }
        }
        throw new AssertionError("simulation did not settle");
    }

    boolean runFor(long nanos) {
        return runUntil(() -> false, nanos);
    }

    private void deliver(InFlight f, long now) {
        TransportEndpoint node = nodes.get(f.to);
        if (node == null) {
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(f.bytes);
        if (crc.getValue() != f.crc) {
            return;
        }
        arrivals.add(new Transmission(now, f.from, f.to, SegmentCodec.decode(f.bytes).segment()));
        SegmentVerdict v = node.onSegment(f.from, f.bytes, now);
        if (v.outcome() == SegmentVerdict.Outcome.NO_LISTENER) {
            TransportEndpoint sender = nodes.get(f.from);
            if (sender != null) {
                byte[] quote = Arrays.copyOf(f.bytes, Math.min(f.bytes.length, 56));
                sender.onUnreachable(f.to, 1, v.port(), quote, now);
            }
        }
    }
}
