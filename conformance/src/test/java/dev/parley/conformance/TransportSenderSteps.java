package dev.parley.conformance;

import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Transport steps that hold a node to its duties as a sender (spec/transport.md): the segment size it
 * may use towards a peer [TR-MSS-2], its congestion window [TR-CC-1], its retransmission timer
 * [TR-RTX-3] [TR-RTX-4] and its initial sequence numbers [TR-OPEN-8]. The tester plays the receiver
 * by hand and decides, segment by segment, what it acknowledges.
 */
public final class TransportSenderSteps {

    private static final Duration TESTER_RETRANSMIT = Duration.ofMillis(300);
    /** Spread below which a set of ISNs looks like a counter or a clock, not a keyed hash [TR-OPEN-8]. */
    private static final long PREDICTABLE_SPREAD = 1L << 24;

    private final World world;
    private final List<Long> nodeIsns = new ArrayList<>();

    public TransportSenderSteps(World world) {
        this.world = world;
    }

    @When("the tester opens {int} connections to node {string} port {int} by hand, one after another")
    public void testerOpensMany(int count, String node, int port) {
        world.check(() -> {
            IutProcess process = world.process(node);
            for (int i = 0; i < count; i++) {
                int localPort = 49_152 + world.random().nextInt(16_384);
                long iss = world.random().nextLong() & 0xffffffffL;
                TransportTester tester = new TransportTester(world.tester(), process.udpAddress(), localPort, iss,
                        world.scaled(TESTER_RETRANSMIT));
                Segment synAck = tester.open(port, world.scaled(Duration.ofSeconds(5)));
                nodeIsns.add(synAck.seqNum());
            }
        });
    }

    @Then("the node's initial sequence numbers are all different and spread over the sequence space")
    public void isnsUnpredictable() {
        world.check(() -> {
            if (new HashSet<>(nodeIsns).size() != nodeIsns.size()) {
                throw world.failure(Verdict.WRONG, "the node chose the same initial sequence number twice: " + nodeIsns
                        + "; ISNs MUST be unpredictable to off-path attackers [TR-OPEN-8] [TR-SEC-INJ-1]");
            }
            // The smallest arc of the 2^32 circle that holds every ISN: a clock or a counter keeps them close.
            List<Long> sorted = new ArrayList<>(nodeIsns);
            sorted.sort(Long::compare);
            long largestGap = (sorted.get(0) + (1L << 32)) - sorted.get(sorted.size() - 1);
            for (int i = 1; i < sorted.size(); i++) {
                largestGap = Math.max(largestGap, sorted.get(i) - sorted.get(i - 1));
            }
            long arc = (1L << 32) - largestGap;
            if (arc < PREDICTABLE_SPREAD) {
                throw world.failure(Verdict.WRONG, "the node's initial sequence numbers " + nodeIsns + " lie within "
                        + arc + " of each other: an off-path attacker who saw one guesses the next; ISN = clock + a "
                        + "keyed hash of the connection's tuple [TR-OPEN-8] [TR-SEC-INJ-1]");
            }
        });
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
