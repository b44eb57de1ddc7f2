package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The endpoint over real loopback sockets, seen from a plain UDP socket. */
class DatagramEndpointTest {

    private static final int TIMEOUT_MILLIS = 2_000;

    private final DatagramCodec codec = DatagramCodec.withRegisteredProtocols(1200);
    private DatagramEndpoint node;
    private DatagramSocket peer;

    @BeforeEach
    void setUp() throws Exception {
        node = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        peer.setSoTimeout(TIMEOUT_MILLIS);
    }

    @AfterEach
    void tearDown() {
        node.close();
        peer.close();
    }

    @Test
    @DisplayName("[DG-CTL-3] answers an echo request with the same identifier, sequence number and data")
    void answersEcho() throws Exception {
        node.start();
        byte[] request = codec.encodeControlPacket(new Control.Echo(false, 7, 1, "hello".getBytes()));
        send(request);
        byte[] reply = receive();
        assertThat(reply).hasSameSizeAs(request);
        Control control = control(reply);
        assertThat(control).usingRecursiveComparison().isEqualTo(new Control.Echo(true, 7, 1, "hello".getBytes()));
    }

    @Test
    @DisplayName("[DG-DROP-1] drops and counts malformed datagrams, and still answers afterwards")
    void dropsMalformedAndKeepsAnswering() throws Exception {
        node.start();
        byte[] good = codec.encodeControlPacket(new Control.Echo(false, 1, 1, new byte[4]));
        byte[] badChecksum = good.clone();
        badChecksum[badChecksum.length - 1] ^= 0x40;
        byte[] badVersion = good.clone();
        badVersion[0] = 2;
        send(badChecksum);
        send(Arrays.copyOf(good, 5));
        send(badVersion);
        send(new byte[1201]);
        send(good);
        assertThat(control(receive())).isInstanceOf(Control.Echo.class);
        assertThat(node.stats().dropped(DropReason.DG_BAD_CHECKSUM)).isEqualTo(1);
        assertThat(node.stats().dropped(DropReason.DG_TRUNCATED)).isEqualTo(1);
        assertThat(node.stats().dropped(DropReason.DG_BAD_VERSION)).isEqualTo(1);
        assertThat(node.stats().dropped(DropReason.DG_TOO_LARGE)).isEqualTo(1);
        assertThat(node.stats().received()).isEqualTo(5);
    }

    @Test
    @DisplayName("[DG-CTL-4] [DG-AMP-1] answers an unknown protocol with a protocol unreachable no larger than the packet")
    void answersUnknownProtocolWithUnreachable() throws Exception {
        node.start();
        byte[] packet = codec.encode(2, new byte[30]); // no transport handler on this node
        send(packet);
        byte[] reply = receive();
        assertThat(reply.length).isLessThanOrEqualTo(packet.length);
        Control.Unreachable unreachable = (Control.Unreachable) control(reply);
        assertThat(unreachable.code()).isEqualTo(Control.CODE_PROTOCOL_UNREACHABLE);
        assertThat(packet).startsWith(unreachable.invokingPacket());
        assertThat(node.stats().dropped(DropReason.DG_UNKNOWN_PROTOCOL)).isEqualTo(1);
    }

    @Test
    @DisplayName("[DG-CTL-4] a handler's 'nobody listens' becomes a port unreachable, delivered to the sender's handler")
    void portUnreachableReachesTheSendersHandler() throws Exception {
        node.register(2, (from, payload, now) -> Delivery.portUnreachable(4242));
        node.start();
        List<Integer> reported = new CopyOnWriteArrayList<>();
        try (DatagramEndpoint sender = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM)) {
            sender.register(2, new ProtocolHandler() {
                @Override
                public Delivery onPacket(InetSocketAddress from, byte[] payload, long nowNanos) {
                    return Delivery.DELIVERED;
                }

                @Override
                public void onUnreachable(InetSocketAddress from, int code, int port, byte[] invoking, long nowNanos) {
                    reported.add(port);
                }
            });
            sender.start();
            sender.execute(() -> sender.send(node.localAddress(), 2, new byte[40]));
            await(() -> !reported.isEmpty());
        }
        assertThat(reported).containsExactly(4242);
        assertThat(node.stats().unreachableSent()).isEqualTo(1);
    }

    @Test
    @DisplayName("[DG-RATE-1] echo replies beyond the reply budget are not sent, and are counted")
    void rateLimitsReplies() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        node.close();
        node = DatagramEndpoint.open(DatagramConfig.loopback().withReplyRate(1, 3), now::get);
        node.start();
        byte[] request = codec.encodeControlPacket(new Control.Echo(false, 1, 1, new byte[0]));
        for (int i = 0; i < 5; i++) {
            send(request);
        }
        await(() -> node.stats().echoRepliesSent() + node.stats().rateLimited() == 5);
        assertThat(node.stats().echoRepliesSent()).isEqualTo(3);
        assertThat(node.stats().rateLimited()).isEqualTo(2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1)); // one more token
        send(request);
        await(() -> node.stats().echoRepliesSent() == 4);
    }

    @Test
    @DisplayName("[TR-LOOP-1] runs a handler's timer when its deadline passes")
    void runsHandlerTimers() throws Exception {
        AtomicLong fired = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        node.register(2, new ProtocolHandler() {
            @Override
            public Delivery onPacket(InetSocketAddress from, byte[] payload, long nowNanos) {
                return Delivery.DELIVERED;
            }

            @Override
            public long nextTimeoutNanos() {
                return fired.get() == 0 ? deadline : Long.MAX_VALUE;
            }

            @Override
            public void onTimeout(long nowNanos) {
                fired.set(nowNanos);
            }
        });
        node.start();
        await(() -> fired.get() != 0);
        assertThat(fired.get()).isGreaterThanOrEqualTo(deadline);
    }

    private void send(byte[] datagram) throws Exception {
        peer.send(new DatagramPacket(datagram, datagram.length, node.localAddress()));
    }

    private byte[] receive() throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            peer.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply within " + TIMEOUT_MILLIS + " ms", e);
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    private Control control(byte[] packet) {
        Packet decoded = ((Decoded.Ok<Packet>) codec.decode(packet)).value();
        assertThat(decoded.nextProtocol()).isEqualTo(DatagramCodec.PROTOCOL_CONTROL);
        return ((Decoded.Ok<Control>) codec.decodeControl(decoded.payload())).value();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + TIMEOUT_MILLIS + " ms");
            }
            Thread.onSpinWait();
        }
    }
}
