package dev.parley.cli;

import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramCodec;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FrameCodec;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MemoryBudget;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportConfig;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley node}: one UDP socket running the datagram layer, the transport and the framing layer,
 * driven by the adapter contract's JSON Lines (spec/conformance.md). It answers echo requests, reports
 * unreachable protocols and ports, counts every dropped datagram and segment, and opens, accepts, sends
 * on and closes connections on request.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a Parley node on one UDP socket, driven by JSON Lines on stdin (spec/conformance.md).")
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--bind", defaultValue = "127.0.0.1:0", converter = Endpoints.class,
            description = "Local UDP address, host:port; port 0 picks a free one (default: ${DEFAULT-VALUE}).")
    InetSocketAddress bind;

    @Option(names = "--max-packet", defaultValue = "" + DatagramCodec.DEFAULT_MAX_PACKET_SIZE,
            description = "Largest datagram-layer packet in bytes, header included, "
                    + DatagramCodec.MIN_MAX_PACKET_SIZE + ".." + DatagramCodec.MAX_MAX_PACKET_SIZE
                    + " (default: ${DEFAULT-VALUE}).")
    int maxPacket;

    @Option(names = "--max-message", defaultValue = "" + FrameCodec.DEFAULT_MAX_MESSAGE_BYTES,
            description = "Largest framing-layer message accepted, in bytes (default: ${DEFAULT-VALUE}).")
    int maxMessage;

    @Option(names = "--max-memory", defaultValue = "" + MemoryBudget.DEFAULT_MAX_MEMORY_BYTES,
            description = "Memory budget shared by all connections (transport buffers and partial frames), in bytes, "
                    + MemoryBudget.MIN_MAX_MEMORY_BYTES + " or more; the node uses at most half its Java heap "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxMemory;

    @Option(names = "--time-scale", defaultValue = "1.0",
            description = "Multiplies every transport timer, for slow or emulated links (default: ${DEFAULT-VALUE}).")
    double timeScale;

    @Override
    public Integer call() throws Exception {
        if (!(timeScale >= 0.01 && timeScale <= 100)) {
            System.err.println("parley node: --time-scale must be in 0.01..100, got " + timeScale);
            return Parley.EXIT_USAGE;
        }
        DatagramConfig config;
        try {
            config = DatagramConfig.of(bind).withMaxPacketSize(maxPacket);
        } catch (IllegalArgumentException e) {
            System.err.println("parley node: " + e.getMessage());
            return Parley.EXIT_USAGE;
        }
        int minPacket = TransportConfig.MIN_SEGMENT_BYTES + DatagramCodec.HEADER_LENGTH;
        if (maxPacket < minPacket) {
            // The node runs the transport, which forbids segments under 188 bytes: refuse at configuration [TR-BOUND-3].
            System.err.println("parley node: --max-packet " + maxPacket + " is too small for the transport: a node that "
                    + "runs it needs at least " + minPacket + " bytes (a " + TransportConfig.MIN_SEGMENT_BYTES
                    + "-byte segment plus the " + DatagramCodec.HEADER_LENGTH + "-byte datagram header) [TR-BOUND-3]");
            return Parley.EXIT_USAGE;
        }
        FramingConfig framing;
        try {
            framing = new FramingConfig(maxMessage, FramingConfig.DEFAULT_MAX_QUEUED_BYTES);
        } catch (IllegalArgumentException e) {
            System.err.println("parley node: " + e.getMessage());
            return Parley.EXIT_USAGE;
        }
        if (maxMemory < MemoryBudget.MIN_MAX_MEMORY_BYTES) {
            System.err.println("parley node: --max-memory must be at least " + MemoryBudget.MIN_MAX_MEMORY_BYTES
                    + " bytes, got " + maxMemory);
            return Parley.EXIT_USAGE;
        }
        long halfHeap = Runtime.getRuntime().maxMemory() / 2;
        if (maxMemory > halfHeap) {
            System.err.println("parley node: a memory budget of " + maxMemory + " bytes does not fit the Java heap; "
                    + "using " + halfHeap + " (half the heap; raise it with -Xmx)");
            maxMemory = Math.max(MemoryBudget.MIN_MAX_MEMORY_BYTES, halfHeap);
        }
        MemoryBudget budget = new MemoryBudget(maxMemory);
        try (DatagramEndpoint endpoint = DatagramEndpoint.open(config, Clock.SYSTEM)) {
            // A loop that dies (out of memory, ...) ends the process with status 1, never leaves it deaf [CF-EXIT-2].
            endpoint.onFatal(fatal -> {
                System.err.println("parley node: the event loop died: " + fatal + "; exiting with status "
                        + Parley.EXIT_PROTOCOL_ERROR);
                System.err.flush();
                Runtime.getRuntime().halt(Parley.EXIT_PROTOCOL_ERROR);
            });
            ControlChannel channel = new ControlChannel(System.out);
            NodeSession session = null;
            TransportEndpoint transport = DatagramTransport.attach(endpoint,
                    DatagramTransport.configFor(endpoint).withTimeScale(timeScale));
            session = new NodeSession(endpoint, transport, framing, budget, channel);
            session.register();
            NodeSession transportOps = session;
            channel.op("stats", request -> {
                Map<String, Object> stats = endpoint.stats().toContractMap();
                if (transportOps != null) {
                    stats.put("transport", transportOps.transportStats());
                    stats.put("framing", transportOps.memoryStats());
                }
                return stats;
            });
            endpoint.start();
            channel.ready(endpoint.localAddress().getPort());
            channel.serve(System.in);
        }
        return Parley.EXIT_OK;
    }
}
