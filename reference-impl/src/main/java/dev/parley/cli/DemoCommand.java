package dev.parley.cli;

import dev.parley.datagram.Clock;
import dev.parley.datagram.Control;
import dev.parley.datagram.DatagramCodec;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.datagram.DropReason;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code parley demo}: starts a node and a peer on loopback and walks through what the datagram layer
 * does with good and bad input, printing each step.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a node and a peer on loopback and show the datagram layer at work.")
final class DemoCommand implements Callable<Integer> {

    private static final long REPLY_TIMEOUT_MILLIS = 2_000;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        BlockingQueue<Control> replies = new LinkedBlockingQueue<>();
        try (DatagramEndpoint node = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
             DatagramEndpoint peer = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM)) {
            peer.onControl((from, control) -> replies.add(control));
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

            byte[] unknown = codec.encode(DatagramCodec.PROTOCOL_TRANSPORT, new byte[40]);
            out.println("peer -> node: a transport packet (protocol 2); this node runs no transport");
            peer.execute(() -> peer.sendRaw(nodeAddress, unknown));
            out.println("node -> peer: " + await(replies));

            out.println("peer -> node: echo request identifier=1 sequence_number=3, after the bad input");
            peer.execute(() -> peer.sendControl(nodeAddress, new Control.Echo(false, 1, 3, hello)));
            out.println("node -> peer: " + await(replies));
            out.println("node counters: " + node.stats().toContractMap());
        }
        return Parley.EXIT_OK;
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
