package dev.parley.conformance.datagram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A tester peer of the datagram layer: its own UDP socket on 127.0.0.1, packets built with the
 * {@link TesterCodec} (valid ones, echo requests, and broken ones through {@link Faults}), and
 * bounded waits for what comes back. Everything it sends and receives goes to the scenario's
 * {@link DatagramTrace}. One thread uses a tester at a time.
 */
public final class DatagramTester implements AutoCloseable {

    /** A datagram the tester received. */
    public record Received(byte[] data, InetSocketAddress from, long atNanos) {
        @Override
        public String toString() {
            return data.length + " bytes from " + from + ": " + TesterCodec.hex(data, 64);
        }
    }

    /** Large enough for any UDP datagram, so an oversized reply is seen whole. */
    private static final int RECEIVE_BUFFER = 65_536;
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;

    private final DatagramSocket socket;
    private final InetSocketAddress address;
    private final DatagramTrace trace;
    private final byte[] buffer = new byte[RECEIVE_BUFFER];
    private final List<Received> ignored = new ArrayList<>();
    private long sent;

    public DatagramTester(DatagramTrace trace) {
        this.trace = trace;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(SOCKET_BUFFER_BYTES);
            socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the tester's socket", e);
        }
        address = (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Datagrams sent so far. */
    public long sent() {
        return sent;
    }

    /** Sends one datagram, exactly these bytes. */
    public void send(byte[] datagram, InetSocketAddress to) {
        send(datagram, to, null);
    }

    /** Sends one datagram and notes {@code note} beside it in the trace. */
    public void send(byte[] datagram, InetSocketAddress to, String note) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException("tester cannot send to " + to, e);
        }
        sent++;
        trace.record(address, to, datagram, note);
    }

    /** Builds an echo request, applies {@code faults} and sends it; returns the bytes sent. */
    public byte[] sendEchoRequest(InetSocketAddress to, int identifier, int sequenceNumber, byte[] data,
                                  Faults faults) {
        byte[] datagram = faults.applyTo(TesterCodec.echoRequest(identifier, sequenceNumber, data));
        send(datagram, to, faults.isEmpty() ? "echo request" : "echo request " + faults);
        return datagram;
    }

    /** The next datagram to arrive, or empty if none does within {@code timeout}. */
    public Optional<Received> receive(Duration timeout) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("tester cannot receive", e);
        }
        Received received = new Received(Arrays.copyOf(buffer, packet.getLength()),
                (InetSocketAddress) packet.getSocketAddress(), System.nanoTime());
        trace.record(received.from(), address, received.data(), null);
        return Optional.of(received);
    }

    /**
     * The first datagram matching {@code wanted} within {@code timeout}; the others that arrive in
     * the meantime are harmless interleaved traffic, kept in {@link #ignored()} and otherwise skipped.
     */
    public Optional<Received> receiveMatching(Predicate<Received> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<Received> next = receive(Duration.ofNanos(left));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (wanted.test(next.get())) {
                return next;
            }
            ignore(next.get());
        }
    }

    /** Everything that arrives within {@code timeout}, at most {@code limit} datagrams. */
    public List<Received> receiveFor(Duration timeout, int limit) {
        List<Received> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all.size() < limit) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            receive(Duration.ofNanos(left)).ifPresent(all::add);
        }
        return all;
    }

    /** Takes whatever already waits in the socket without blocking long; returns how many. */
    public int drain() {
        int count = 0;
        while (receive(Duration.ofMillis(1)).isPresent()) {
            count++;
        }
        return count;
    }

    /** Datagrams {@link #receiveMatching} skipped, oldest first (at most 1000 kept). */
    public List<Received> ignored() {
        return List.copyOf(ignored);
    }

    private void ignore(Received received) {
        if (ignored.size() < 1000) {
            ignored.add(received);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
