package dev.parley.bench;

import dev.parley.datagram.DatagramCodec;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.datagram.Delivery;
import dev.parley.datagram.ProtocolHandler;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.SegmentVerdict;
import dev.parley.transport.TransportConfig;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * The transport of the bench's receiving endpoint, with a {@link LossyHandler} between the datagram loop
 * and the engine. It does what {@link DatagramTransport#attach} does (whose handler cannot be wrapped):
 * segments in packets with {@code next_protocol} 2, the engine driven by the loop and its timers, a port
 * unreachable for a SYN nobody listens for.
 */
final class ReceiveSideTransport implements ProtocolHandler {

    private final TransportEndpoint transport;

    private ReceiveSideTransport(TransportEndpoint transport) {
        this.transport = transport;
    }

    /** The engine of {@code endpoint}, not yet registered: the caller registers this handler, wrapped. */
    static ReceiveSideTransport create(DatagramEndpoint endpoint, TransportConfig config) {
        return new ReceiveSideTransport(new TransportEndpoint(config,
                (to, segment) -> endpoint.send(to, DatagramCodec.PROTOCOL_TRANSPORT, segment),
                new SecureRandom(), endpoint.clock()::nanoTime));
    }

    /** The engine; loop thread only. */
    TransportEndpoint engine() {
        return transport;
    }

    @Override
    public Delivery onPacket(InetSocketAddress from, byte[] payload, long nowNanos) {
        SegmentVerdict verdict = transport.onSegment(from, payload, nowNanos);
        return verdict.outcome() == SegmentVerdict.Outcome.NO_LISTENER
                ? Delivery.portUnreachable(verdict.port())
                : Delivery.DELIVERED;
    }

    @Override
    public void onUnreachable(InetSocketAddress from, int code, int port, byte[] invokingPayload, long nowNanos) {
        transport.onUnreachable(from, code, port, invokingPayload, nowNanos);
    }

    @Override
    public long nextTimeoutNanos() {
        return transport.nextTimeoutNanos();
    }

    @Override
    public void onTimeout(long nowNanos) {
        transport.onTimeout(nowNanos);
    }
}
