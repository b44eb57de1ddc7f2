package dev.parley.conformance.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A plain loopback UDP socket for the relay's tests: sends, receives with a bound, optionally echoes. */
final class UdpPeer implements AutoCloseable {

    /** A datagram and where it came from. */
    record Received(byte[] data, InetSocketAddress from) {
    }

    private final DatagramSocket socket;
    private Thread echoThread;

    UdpPeer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
    }

    /** A peer that answers every datagram with the same bytes, on its own thread. */
    static UdpPeer echo() throws SocketException {
        UdpPeer peer = new UdpPeer();
        peer.echoThread = new Thread(peer::echoLoop, "udp-echo-" + peer.address().getPort());
        peer.echoThread.setDaemon(true);
        peer.echoThread.start();
        return peer;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(byte[] data, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram, or empty if none arrives within {@code timeout}. */
    Optional<Received> receive(Duration timeout) {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new Received(Arrays.copyOf(buffer, packet.getLength()),
                (InetSocketAddress) packet.getSocketAddress()));
    }

    /** Everything that arrives until nothing has arrived for {@code quiet}, at most {@code limit} datagrams. */
    List<Received> receiveUntilQuiet(Duration quiet, int limit) {
        List<Received> all = new ArrayList<>();
        while (all.size() < limit) {
            Optional<Received> next = receive(quiet);
            if (next.isEmpty()) {
                break;
            }
            all.add(next.get());
        }
        return all;
    }

    private void echoLoop() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                socket.send(new DatagramPacket(Arrays.copyOf(buffer, packet.getLength()), packet.getLength(),
                        packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        if (echoThread != null) {
            try {
                echoThread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
