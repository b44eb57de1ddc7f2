package dev.parley.cli;

import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramCodec;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley node}: a datagram-layer node for the conformance suite and for operators. It answers
 * echo requests, reports unreachable protocols and ports, and counts every dropped datagram; the
 * {@code stats} op returns the counters.
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

    @Override
    public Integer call() throws Exception {
        DatagramConfig config;
        try {
            config = DatagramConfig.of(bind).withMaxPacketSize(maxPacket);
        } catch (IllegalArgumentException e) {
            System.err.println("parley node: " + e.getMessage());
            return Parley.EXIT_USAGE;
        }
        try (DatagramEndpoint endpoint = DatagramEndpoint.open(config, Clock.SYSTEM)) {
            endpoint.start();
            ControlChannel channel = new ControlChannel(System.out)
                    .op("stats", request -> endpoint.stats().toContractMap());
            channel.ready(endpoint.localAddress().getPort());
            channel.serve(System.in);
        }
        return Parley.EXIT_OK;
    }
}
