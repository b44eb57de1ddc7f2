package dev.parley.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Messages between two endpoints on loopback, through the real datagram loop and transport. */
class MessageConnectionTest {

    private static final int PORT = 7;
    private static final long TIMEOUT_MILLIS = 30_000;

    private DatagramEndpoint serverEndpoint;
    private DatagramEndpoint clientEndpoint;
    private TransportEndpoint clientTransport;
    private final List<MessageConnection> accepted = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final List<String> serverCloses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        serverEndpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        TransportEndpoint serverTransport = DatagramTransport.attach(serverEndpoint, DatagramTransport.configFor(serverEndpoint));
        serverTransport.listen(PORT, connection -> {
            MessageConnection messages = new MessageConnection(FramingConfig.defaults(), serverEndpoint::execute,
                    new MessageListener() {
                        @Override
                        public void onMessage(MessageConnection c, byte[] message) {
                            received.add(message);
                        }

                        @Override
                        public void onClose(MessageConnection c, String code) {
                            serverCloses.add(code);
                        }
                    });
            accepted.add(messages);
            return messages;
        });
        clientEndpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        clientTransport = DatagramTransport.attach(clientEndpoint, DatagramTransport.configFor(clientEndpoint));
        serverEndpoint.start();
        clientEndpoint.start();
    }

    @AfterEach
    void tearDown() {
        clientEndpoint.close();
        serverEndpoint.close();
    }

    private MessageConnection connect(FramingConfig config) throws Exception {
        List<String> opened = new CopyOnWriteArrayList<>();
        MessageConnection messages = new MessageConnection(config, clientEndpoint::execute, new MessageListener() {
            @Override
            public void onOpen(MessageConnection c) {
                opened.add("open");
            }

            @Override
            public void onMessage(MessageConnection c, byte[] message) {
            }

            @Override
            public void onClose(MessageConnection c, String code) {
                opened.add(code);
            }
        });
        clientEndpoint.submit(() -> messages.bind(
                clientTransport.connect(serverEndpoint.localAddress(), PORT, messages))).get(5, TimeUnit.SECONDS);
        await(() -> !opened.isEmpty());
        assertThat(opened).containsExactly("open");
        return messages;
    }

    @Test
    @DisplayName("[FR-SEND-1] [FR-DELIV-1] four threads hammering one connection: every message once, whole, in per-thread order")
    void concurrentSendersNeitherLoseNorInterleave() throws Exception {
        MessageConnection client = connect(FramingConfig.defaults());
        int threads = 4;
        int perThread = 250;
        List<Thread> senders = new ArrayList<>();
        List<CompletableFuture<Void>> outcomes = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(new Thread(() -> {
                SplittableRandom random = new SplittableRandom(thread);
                for (int seq = 0; seq < perThread; seq++) {
                    outcomes.add(client.send(message(thread, seq, random.nextInt(20_000))));
                }
            }));
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join(TIMEOUT_MILLIS);
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        int[] nextSeq = new int[threads];
        for (int i = 0; i < threads * perThread; i++) {
            byte[] message = received.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(message).as("message %d of %d", i, threads * perThread).isNotNull();
            ByteBuffer view = ByteBuffer.wrap(message);
            int thread = view.getInt();
            int seq = view.getInt();
            assertThat(message).isEqualTo(message(thread, seq, message.length - 8));
            assertThat(seq).as("order of thread %d", thread).isEqualTo(nextSeq[thread]++);
        }
        assertThat(received.poll(100, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
    }

    @Test
    @DisplayName("[FR-LEN-2] a 16 MiB message arrives intact")
    void deliversA16MiBMessage() throws Exception {
        MessageConnection client = connect(FramingConfig.defaults());
        byte[] big = new byte[FrameCodec.DEFAULT_MAX_MESSAGE_BYTES];
        new SplittableRandom(16).nextBytes(big);
        client.send(big).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        byte[] got = received.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(got).isNotNull();
        assertThat(sha256(got)).isEqualTo(sha256(big));
    }

    @Test
    @DisplayName("[FR-CLOSE-1] a close right after a large send delivers the whole message first; later sends fail")
    void closeWaitsForQueuedMessages() throws Exception {
        MessageConnection client = connect(FramingConfig.defaults());
        byte[] big = message(0, 0, 1 << 20);
        CompletableFuture<Void> sent = client.send(big);
        client.close();
        CompletableFuture<Void> late = client.send(new byte[1]);
        sent.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(failureCode(late)).isEqualTo("TR_CLOSED");
        assertThat(received.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(big);
        assertThat(serverCloses).doesNotContain("FR_TRUNCATED");
    }

    @Test
    @DisplayName("[FR-BCAST-1] one message to many connections; a failed connection does not affect the others")
    void broadcastsToManyConnections() throws Exception {
        List<MessageConnection> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(connect(FramingConfig.defaults()));
        }
        MessageConnection dead = clients.get(2);
        dead.abort();
        await(() -> dead.closeCode() != null);
        Map<MessageConnection, CompletableFuture<Void>> outcomes = MessageConnection.broadcast("to all".getBytes(), clients);
        for (MessageConnection client : clients) {
            if (client == dead) {
                assertThat(failureCode(outcomes.get(client))).isEqualTo("TR_ABORTED");
            } else {
                outcomes.get(client).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        for (int i = 0; i < 4; i++) {
            assertThat(received.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("to all".getBytes());
        }
    }

    @Test
    @DisplayName("[FR-SEND-3] a full send queue refuses whole messages with FR_BACKPRESSURE; accepted ones all arrive, in order")
    void refusesWhenTheQueueIsFull() throws Exception {
        MessageConnection client = connect(new FramingConfig(FrameCodec.DEFAULT_MAX_MESSAGE_BYTES, 100_000));
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        // All sends queue their tasks from one loop task, so no acknowledgement frees space in between.
        clientEndpoint.submit(() -> {
            for (int seq = 0; seq < 40; seq++) {
                outcomes.add(client.send(message(0, seq, 50_000)));
            }
            return null;
        }).get(5, TimeUnit.SECONDS);
        List<Integer> sent = new ArrayList<>();
        int refused = 0;
        for (int seq = 0; seq < outcomes.size(); seq++) {
            try {
                outcomes.get(seq).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                sent.add(seq);
            } catch (ExecutionException e) {
                assertThat(((FramingException) e.getCause()).code()).isEqualTo("FR_BACKPRESSURE");
                refused++;
            }
        }
        assertThat(refused).isPositive();
        for (int seq : sent) {
            assertThat(received.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(message(0, seq, 50_000));
        }
        assertThat(received.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    @DisplayName("[FR-ERR-1] a frame over the receiver's limit ends the connection with FR_TOO_LARGE")
    void oversizeFrameEndsTheConnection() throws Exception {
        MessageConnection client = connect(new FramingConfig(FrameCodec.DEFAULT_MAX_MESSAGE_BYTES + 10, 1 << 26));
        CompletableFuture<Void> outcome = client.send(new byte[FrameCodec.DEFAULT_MAX_MESSAGE_BYTES + 1]);
        await(() -> serverCloses.contains("FR_TOO_LARGE"));
        await(() -> client.closeCode() != null);
        assertThat(client.closeCode()).isEqualTo("TR_RESET");
        // The receiver resets as soon as it reads the header, usually before the sender has handed it all over.
        assertThat(failureCode(outcome)).isIn("sent", "TR_RESET");
        assertThat(received).isEmpty();
    }

    private static String failureCode(CompletableFuture<Void> outcome) throws Exception {
        try {
            outcome.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return "sent";
        } catch (ExecutionException e) {
            return ((FramingException) e.getCause()).code();
        }
    }

    private static byte[] message(int thread, int seq, int bodyLength) {
        ByteBuffer out = ByteBuffer.allocate(8 + bodyLength).putInt(thread).putInt(seq);
        SplittableRandom random = new SplittableRandom(((long) thread << 32) | seq);
        while (out.hasRemaining()) {
            out.put((byte) random.nextInt());
        }
        return out.array();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
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
