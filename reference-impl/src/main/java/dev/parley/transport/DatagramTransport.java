package dev.parley.transport;

import dev.parley.datagram.DatagramCodec;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.datagram.Delivery;
import dev.parley.datagram.ProtocolHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;

/**
 * Runs a {@link TransportEndpoint} on a {@link DatagramEndpoint}: segments travel in packets with
 * {@code next_protocol} 2, the endpoint's loop thread drives the engine and its timers [TR-LOOP-1], and a
 * SYN for a port nobody listens on is answered with a port unreachable [TR-OPEN-5].
 */
public final class DatagramTransport implements ProtocolHandler {

    private final TransportEndpoint transport;

    private DatagramTransport(TransportEndpoint transport) {
        this.transport = transport;
    }

    /**
     * Creates the transport of {@code endpoint} and registers it for protocol 2; call before
     * {@link DatagramEndpoint#start()}. Afterwards, use the returned engine on the loop thread only
     * ({@link DatagramEndpoint#execute(Runnable)}).
     *
     * @throws IllegalArgumentException if a segment of {@code config} would not fit the endpoint's packets
     */
    public static TransportEndpoint attach(DatagramEndpoint endpoint, TransportConfig config) {
        return attach(endpoint, config, UnaryOperator.identity());
    }

    /**
     * Like {@link #attach(DatagramEndpoint, TransportConfig)}, but registers {@code wrap} applied to the transport's
     * handler, so a caller can put something in front of it (the bench's loss injection, a packet trace).
     */
    public static TransportEndpoint attach(DatagramEndpoint endpoint, TransportConfig config,
                                           UnaryOperator<ProtocolHandler> wrap) {
        if (config.maxSegmentBytes() > endpoint.codec().maxPayloadSize()) {
            throw new IllegalArgumentException("max segment of " + config.maxSegmentBytes()
                    + " bytes does not fit packets of " + endpoint.codec().maxPacketSize() + " bytes");
        }
        TransportEndpoint transport = new TransportEndpoint(config,
                (to, segment) -> endpoint.send(to, DatagramCodec.PROTOCOL_TRANSPORT, segment),
                new SecureRandom(), endpoint.clock()::nanoTime);
        endpoint.register(DatagramCodec.PROTOCOL_TRANSPORT, wrap.apply(new DatagramTransport(transport)));
        return transport;
    }

    /** The transport configuration that fills the endpoint's packets: maximum packet size minus its header. */
    public static TransportConfig configFor(DatagramEndpoint endpoint) {
        return TransportConfig.defaults().withMaxSegmentBytes(endpoint.codec().maxPayloadSize());
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
