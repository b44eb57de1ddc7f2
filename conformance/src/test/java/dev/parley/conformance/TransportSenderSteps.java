package dev.parley.conformance;

import io.cucumber.java.en.Given;
import java.util.Map;

/**
 * Transport steps that hold a node to its duties as a sender (spec/transport.md): the segment size it
 * may use towards a peer [TR-MSS-2], its congestion window [TR-CC-1], its retransmission timer
 * [TR-RTX-3] [TR-RTX-4] and its initial sequence numbers [TR-OPEN-8]. The tester plays the receiver
 * by hand and decides, segment by segment, what it acknowledges.
 */
public final class TransportSenderSteps {

    private final World world;

    public TransportSenderSteps(World world) {
        this.world = world;
    }

    @Given("node {string} is running with a maximum packet size of {int} bytes")
    public void nodeWithMaxPacket(String name, int bytes) {
        world.check(() -> {
            if (world.hasProcess(name)) {
                throw new IllegalStateException("node " + name + " is already running");
            }
            world.startAs(name, "node", Map.of("max_packet", Integer.toString(bytes)));
        });
    }
}
