package dev.parley.datagram;

import java.net.InetSocketAddress;

/**
 * A protocol above the datagram layer, registered for one {@code next_protocol} value on a
 * {@link DatagramEndpoint}. Every method is called on the endpoint's loop thread only, so an
 * implementation needs no locks [TR-LOOP-1]. Implementations are sans-IO: they learn the time from
 * the {@code nowNanos} arguments and send through the endpoint.
 */
public interface ProtocolHandler {

    /**
     * One packet's payload for this protocol.
     *
     * @return {@link Delivery#DELIVERED}, or {@link Delivery#portUnreachable(int)} when nobody listens on the
     *     port the payload addresses; the endpoint then answers with a port unreachable [DG-CTL-4]
     */
    Delivery onPacket(InetSocketAddress from, byte[] payload, long nowNanos);

    /**
     * A peer reported that a packet of this protocol that we sent could not be delivered.
     *
     * @param invokingPayload the leading bytes of our packet's payload, as quoted by the peer (may be
     *                        shorter than the payload's header: check before use)
     */
    default void onUnreachable(InetSocketAddress from, int code, int port, byte[] invokingPayload, long nowNanos) {
    }

    /** When this handler next needs {@link #onTimeout(long)}, or {@link Long#MAX_VALUE} for never. */
    default long nextTimeoutNanos() {
        return Long.MAX_VALUE;
    }

    /** Called once the loop's clock reaches {@link #nextTimeoutNanos()}. */
    default void onTimeout(long nowNanos) {
    }
}
