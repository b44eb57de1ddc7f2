package dev.parley.bench;

import dev.parley.datagram.Delivery;
import dev.parley.datagram.ProtocolHandler;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/**
 * Loss injection for the bench: wraps the protocol handler of the receiving endpoint and drops each
 * incoming packet with probability {@code lossRate} before the protocol sees it, from a seeded generator so
 * that a run can be repeated. Dropping starts when {@link #arm()} is called (once the connection is open,
 * like Aeron's injection, which spares its setup messages). Loop thread only, like every handler.
 */
final class LossyHandler implements ProtocolHandler {

    private final ProtocolHandler inner;
    private final double lossRate;
    private final SplittableRandom random;
    private boolean armed;
    private long dropped;

    LossyHandler(ProtocolHandler inner, double lossRate, long seed) {
        this.inner = inner;
        this.lossRate = lossRate;
        this.random = new SplittableRandom(seed);
    }

    void arm() {
        armed = true;
    }

    long dropped() {
        return dropped;
    }

    @Override
    public Delivery onPacket(InetSocketAddress from, byte[] payload, long nowNanos) {
        if (armed && lossRate > 0 && random.nextDouble() < lossRate) {
            dropped++;
            return Delivery.IGNORED; // lost on the way: no unreachable
        }
        return inner.onPacket(from, payload, nowNanos);
    }

    @Override
    public void onUnreachable(InetSocketAddress from, int code, int port, byte[] invokingPayload, long nowNanos) {
        inner.onUnreachable(from, code, port, invokingPayload, nowNanos);
    }

    @Override
    public long nextTimeoutNanos() {
        return inner.nextTimeoutNanos();
    }

    @Override
    public void onTimeout(long nowNanos) {
        inner.onTimeout(nowNanos);
    }
}
