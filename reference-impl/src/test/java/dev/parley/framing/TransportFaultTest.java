package dev.parley.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.transport.Connection;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A send the transport refuses is reported with the close reason [FR-SEND-4]; a fault inside the transport is
 * reported as a fault, never disguised as {@code TR_CLOSED}.
 */
class TransportFaultTest {

    private DatagramEndpoint endpoint;
    private TransportEndpoint transport;
    private final List<String> closes = new CopyOnWriteArrayList<>();
    /** A UDP socket that never answers: opens toward it stay in SYN_SENT. */
    private java.net.DatagramSocket silent;

    @BeforeEach
    void setUp() throws Exception {
        silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
        endpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        transport = DatagramTransport.attach(endpoint, DatagramTransport.configFor(endpoint));
        endpoint.start();
    }

    @AfterEach
    void tearDown() {
        endpoint.close();
        silent.close();
    }

    /** A connection in SYN_SENT toward a peer that never answers. */
    private MessageConnection connect() throws Exception {
        MessageConnection messages = new MessageConnection(FramingConfig.defaults(), endpoint::execute,
                new MessageListener() {
                    @Override
                    public void onMessage(MessageConnection c, byte[] message) {
                    }

                    @Override
                    public void onClose(MessageConnection c, String code) {
                        closes.add(code);
                    }
                });
        endpoint.submit(() -> messages.bind(transport.connect((java.net.InetSocketAddress) silent.getLocalSocketAddress(), 9, messages)))
                .get(5, TimeUnit.SECONDS);
        return messages;
    }

    @Test
    @DisplayName("[FR-SEND-4] [TR-SM-3] the transport closed under the framing layer: a send fails with TR_CLOSED")
    void refusedSendIsClosed() throws Exception {
        MessageConnection messages = connect();
        // The transport is told to close directly, behind the framing layer's back: the next send is refused
        // with TR_INVALID_STATE by the transport.
        endpoint.submit(() -> {
            messages.connection().close();
            return null;
        }).get(5, TimeUnit.SECONDS);
        Throwable failure = failureOf(messages.send(new byte[10]));
        assertThat(failure).isInstanceOf(FramingException.class);
        assertThat(((FramingException) failure).code()).isEqualTo("TR_CLOSED");
    }

    @Test
    @DisplayName("a fault inside the transport (a ring below its bound) fails the send as a fault, not as TR_CLOSED")
    void transportFaultIsNotAClose() throws Exception {
        MessageConnection messages = connect();
        endpoint.submit(() -> {
            plantTinySendRing(messages.connection());
            return null;
        }).get(5, TimeUnit.SECONDS);
        Throwable failure = failureOf(messages.send(new byte[1000]));
        assertThat(failure).isNotInstanceOf(FramingException.class).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ring span");
        // The loop survived the fault.
        assertThat(endpoint.submit(() -> 1).get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    /** Replaces the connection's send buffer with one of 16 bytes: a ByteRing bug, as a test can plant one. */
    private static void plantTinySendRing(Connection connection) throws ReflectiveOperationException {
        Class<?> ring = Class.forName("dev.parley.transport.ByteRing");
        Constructor<?> make = ring.getDeclaredConstructor(int.class, int.class);
        make.setAccessible(true);
        Field sendRing = Connection.class.getDeclaredField("sendRing");
        sendRing.setAccessible(true);
        Field iss = Connection.class.getDeclaredField("iss");
        iss.setAccessible(true);
        sendRing.set(connection, make.newInstance(16, iss.getInt(connection) + 1));
    }

    private static Throwable failureOf(CompletableFuture<Void> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the send should have failed");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
