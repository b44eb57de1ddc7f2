package dev.parley.cli;

import dev.parley.datagram.Clock;
import dev.parley.datagram.Control;
import dev.parley.datagram.DatagramCodec;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.datagram.DropReason;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import dev.parley.client.ChatDemo;
import dev.parley.client.MessagingFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley demo}: the chat end to end on loopback ({@link ChatDemo}): a server initialised in a temporary
 * directory, Alice and Bob logging in, listing each other and exchanging messages both ways, then how to do the same
 * by hand. {@code --layers} walks through the lower layers instead: the datagram layer with good and bad input, then
 * a transport connection carrying framed messages.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a chat server and two users (Alice, Bob) on loopback: log in, list, exchange messages; "
                + "then print how to do the same by hand in three terminals.")
final class DemoCommand implements Callable<Integer> {

    private static final long REPLY_TIMEOUT_MILLIS = 2_000;

    @Option(names = "--layers",
            description = "Instead of the chat: a node and a peer on loopback showing the datagram, transport and framing layers.")
    boolean layers;

    @Override
    public Integer call() throws Exception {
        return layers ? layers() : chat();
    }

    /** The chat: init in a temporary directory (removed afterwards), then {@link ChatDemo}. */
    private Integer chat() throws Exception {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("parley-demo");
        try {
            Path data = dir.resolve("data");
            out.println("$ parley init --data " + data + "    (RSA-3072 keys for the server and four users: a few seconds)");
            out.flush();
            CommandLine init = Parley.commandLine(CommandLine.defaultFactory());
            init.setOut(new PrintWriter(out, true));
            int status = init.execute("init", "--data", data.toString());
            if (status != Parley.EXIT_OK) {
                out.println("demo failed: parley init exited with status " + status);
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            return new ChatDemo(out, data, MessagingFactory.builtIn(dir.resolve("pins"))).run();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The lower layers: echo, bad input dropped and counted, a connection carrying framed messages. */
    private Integer layers() throws Exception {
        PrintStream out = System.out;
        BlockingQueue<Control> replies = new LinkedBlockingQueue<>();
        try (DatagramEndpoint node = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
             DatagramEndpoint peer = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM)) {
            peer.onControl((from, control) -> replies.add(control));
            TransportEndpoint nodeTransport = DatagramTransport.attach(node, DatagramTransport.configFor(node));
            TransportEndpoint peerTransport = DatagramTransport.attach(peer, DatagramTransport.configFor(peer));
            node.start();
            peer.start();
            InetSocketAddress nodeAddress = node.localAddress();
            out.printf("node listening on udp %s, peer on udp %s%n", nodeAddress, peer.localAddress());

            byte[] hello = "hello, parley".getBytes(StandardCharsets.UTF_8);
            out.println("peer -> node: echo request identifier=1 sequence_number=1 data=\"hello, parley\"");
            peer.execute(() -> peer.sendControl(nodeAddress, new Control.Echo(false, 1, 1, hello)));
            out.println("node -> peer: " + await(replies));

            DatagramCodec codec = peer.codec();
            byte[] corrupted = codec.encodeControlPacket(new Control.Echo(false, 1, 2, hello));
            corrupted[corrupted.length - 1] ^= 0x01;
            out.println("peer -> node: the same echo request with one bit flipped in its data");
            peer.execute(() -> peer.sendRaw(nodeAddress, corrupted));
            out.println("node: " + awaitDrop(node, DropReason.DG_BAD_CHECKSUM));

            byte[] unknown = codec.encode(42, new byte[40]);
            out.println("peer -> node: a packet for protocol 42, which nobody runs");
            peer.execute(() -> peer.sendRaw(nodeAddress, unknown));
            out.println("node -> peer: " + await(replies));

            out.println("peer -> node: echo request identifier=1 sequence_number=3, after the bad input");
            peer.execute(() -> peer.sendControl(nodeAddress, new Control.Echo(false, 1, 3, hello)));
            out.println("node -> peer: " + await(replies));
            out.println("node counters: " + node.stats().toContractMap());

            demoMessages(out, node, nodeTransport, peer, peerTransport);
        }
        return Parley.EXIT_OK;
    }

    /** The transport and framing layers: a connection, two messages, an orderly close. */
    private static void demoMessages(PrintStream out, DatagramEndpoint node, TransportEndpoint nodeTransport,
                                     DatagramEndpoint peer, TransportEndpoint peerTransport) throws Exception {
        BlockingQueue<String> nodeEvents = new LinkedBlockingQueue<>();
        BlockingQueue<String> peerEvents = new LinkedBlockingQueue<>();
        node.submit(() -> {
            nodeTransport.listen(7, connection -> new MessageConnection(FramingConfig.defaults(), node::execute,
                    new MessageListener() {
                        @Override
                        public void onMessage(MessageConnection c, byte[] message) {
                            nodeEvents.add(message.length <= 64
                                    ? "message \"" + new String(message, StandardCharsets.UTF_8) + "\""
                                    : "message of " + message.length + " bytes, sha256 " + TestPattern.sha256Hex(message));
                        }

                        @Override
                        public void onPeerClosed(MessageConnection c) {
                            nodeEvents.add("the peer closed its side; closing ours");
                            c.close();
                        }

                        @Override
                        public void onClose(MessageConnection c, String code) {
                            nodeEvents.add("connection closed: " + code);
                        }
                    }));
            return null;
        }).get(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        out.println();
        out.println("node: listening on transport port 7");
        MessageConnection connection = new MessageConnection(FramingConfig.defaults(), peer::execute, new MessageListener() {
            @Override
            public void onOpen(MessageConnection c) {
                peerEvents.add("open");
            }

            @Override
            public void onMessage(MessageConnection c, byte[] message) {
            }

            @Override
            public void onClose(MessageConnection c, String code) {
                peerEvents.add("closed: " + code);
            }
        });
        peer.submit(() -> connection.bind(peerTransport.connect(node.localAddress(), 7, connection)))
                .get(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        out.println("peer -> node: open a connection to port 7 (three-way open)");
        out.println("peer: connection " + awaitEvent(peerEvents));
        out.println("peer -> node: message \"hello over the transport\"");
        connection.send("hello over the transport".getBytes(StandardCharsets.UTF_8));
        out.println("node: " + awaitEvent(nodeEvents));
        byte[] big = TestPattern.generate(1, 1 << 20);
        out.println("peer -> node: a 1 MiB message, sha256 " + TestPattern.sha256Hex(big));
        long startNanos = System.nanoTime();
        connection.send(big);
        out.println("node: " + awaitEvent(nodeEvents) + String.format(" (%.1f ms)", (System.nanoTime() - startNanos) / 1e6));
        out.println("peer: close");
        connection.close();
        out.println("node: " + awaitEvent(nodeEvents));
        out.println("node: " + awaitEvent(nodeEvents));
        out.println("peer: connection " + awaitEvent(peerEvents));
    }

    private static String awaitEvent(BlockingQueue<String> events) throws InterruptedException {
        String event = events.poll(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new IllegalStateException("nothing happened within " + REPLY_TIMEOUT_MILLIS + " ms");
        }
        return event;
    }

    private static Control await(BlockingQueue<Control> replies) throws InterruptedException {
        Control reply = replies.poll(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new IllegalStateException("no reply within " + REPLY_TIMEOUT_MILLIS + " ms");
        }
        return reply;
    }

    private static String awaitDrop(DatagramEndpoint node, DropReason reason) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPLY_TIMEOUT_MILLIS);
        while (node.stats().dropped(reason) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node did not count a " + reason + " drop");
            }
            // Ask the loop for a round trip: once it ran, every earlier datagram was processed.
            node.submit(() -> null).get(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
        return "dropped it, counted as " + reason + " (no reply is sent)";
    }
}
