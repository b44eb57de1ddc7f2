package dev.parley.datagram;

/**
 * What a {@link ProtocolHandler} did with a packet: delivered it, or found nobody listening on the
 * port it addresses.
 *
 * @param delivered       whether a listener took the packet
 * @param unreachablePort the port nobody listens on, when not delivered
 */
public record Delivery(boolean delivered, int unreachablePort) {

    public static final Delivery DELIVERED = new Delivery(true, 0);

    /** Nobody listens on {@code port}; the endpoint answers with a port unreachable [DG-CTL-4]. */
    public static Delivery portUnreachable(int port) {
        return new Delivery(false, port);
    }

    /** The packet was not for anyone and deserves no answer (a stray reset, say). */
    public static final Delivery IGNORED = new Delivery(true, -1);
}
