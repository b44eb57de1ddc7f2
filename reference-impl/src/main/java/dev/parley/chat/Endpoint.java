package dev.parley.chat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Where a node can be reached: IP address, UDP port, transport port (ksy/chat/endpoint.ksy). */
public record Endpoint(byte[] address, int udpPort, int transportPort) {
    public Endpoint {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 octets");
        }
        if (udpPort < 0 || udpPort > 0xFFFF || transportPort < 0 || transportPort > 0xFFFF) {
            throw new IllegalArgumentException("port out of range");
        }
        address = address.clone();
    }

    public static Endpoint of(InetSocketAddress udp, int transportPort) {
        return new Endpoint(udp.getAddress().getAddress(), udp.getPort(), transportPort);
    }

    public int family() {
        return address.length == 4 ? 4 : 6;
    }

    public InetSocketAddress udp() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), udpPort);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The encoding used in the cookie MAC and on the wire [CH-COOKIE-2]. */
    public byte[] encode() {
        return ChatCodec.encodeEndpoint(this);
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && Arrays.equals(address, e.address) && udpPort == e.udpPort
                && transportPort == e.transportPort;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + udpPort * 65537 + transportPort;
    }

    @Override
    public String toString() {
        return "endpoint{" + udp().getAddress().getHostAddress() + " udp_port=" + udpPort + " transport_port="
                + transportPort + "}";
    }
}
