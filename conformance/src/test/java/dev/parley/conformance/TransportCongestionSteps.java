package dev.parley.conformance;

import static dev.parley.conformance.transport.SegmentTesterCodec.plus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.Network.End;
import dev.parley.conformance.Network.Link;
import dev.parley.conformance.Network.Sent;
import dev.parley.conformance.framing.FrameTesterCodec;
import dev.parley.conformance.framing.TestPattern;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.StreamReceiver;
import dev.parley.conformance.transport.StreamReceiver.Arrival;
import dev.parley.conformance.transport.StreamReceiver.Fate;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Steps where the tester is the receiver of a node's stream on a connection it opened by hand, and plays the
 * network between them: it acknowledges each data segment a fixed delay after it arrives, loses the segments a
 * scenario wants lost, and counts the node's bytes in flight per round trip, to hold the node to its congestion
 * control (spec/transport.md [TR-CC-1] [TR-CC-2] [TR-FR-1] [TR-RTX-4]); and steps that carry data both ways
 * across the wrap of the tester's sequence numbers [TR-SEQ-1]. Every wait is bounded and scaled by the IUT's
 * {@code timing_scale}.
 */
public final class TransportCongestionSteps {

    private static final Duration TESTER_RETRANSMIT = Duration.ofMillis(300);

    private final World world;
    private final Network network;
    private StreamReceiver receiver;
    private long delayNanos;
    /** The node's flight when its fast retransmit came, and when that was. */
    private long flightBeforeLoss = -1;
    private long fastRetransmitAt;
    private long withheldOffset = -1;
    /** The retransmission the timeout sent: its stream offset, arrival and round; the flight when it came. */
    private Arrival timeoutRetransmission;
    private long flightAtTimeout;

    private Scenario scenario;

    public TransportCongestionSteps(World world, Network network) {
        this.world = world;
        this.network = network;
    }

    /** Keeps the scenario, to write the measured numbers into its report. */
    @Before
    public void keepScenario(Scenario value) {
        this.scenario = value;
    }

    // ---- the tester as a receiver with a round-trip time of its choosing ------------------------

    @When("the tester receives node {string}'s stream, acknowledging each segment {int} ms after it arrives, until node {string} has sent {int} KiB")
    public void receiveUntilSent(String node, int delayMillis, String same, int kib) {
        world.check(() -> {
            sameNode(node, same);
            StreamReceiver r = receiver(delayMillis);
            long target = kib * 1024L;
            if (!r.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, x -> x.highestEnd() >= target, bound(20))) {
                throw world.failure(Verdict.TIMEOUT, "node " + node + " did not send " + target + " bytes of its stream "
                        + "within 20 s, acknowledged " + delayMillis + " ms after each segment: " + r);
            }
        });
    }

    @When("the tester receives node {string}'s stream, acknowledging each segment {int} ms after it arrives, and loses the first segment at or beyond stream offset {int} until node {string} retransmits it")
    public void withholdOne(String node, int delayMillis, int threshold, String same) {
        world.check(() -> {
            sameNode(node, same);
            StreamReceiver r = receiver(delayMillis);
            boolean retransmitted = r.receiveUntil((offset, length, rtx) -> {
                if (withheldOffset < 0 && !rtx && offset >= threshold) {
                    withheldOffset = offset;
                    return Fate.DROP;
                }
                if (withheldOffset >= 0 && rtx && offset == withheldOffset && flightBeforeLoss < 0) {
                    // SND.UNA is the withheld segment: the flight is everything sent from it on [TR-FR-1].
                    flightBeforeLoss = r.highestEnd() - withheldOffset;
                    fastRetransmitAt = System.nanoTime();
                }
                return Fate.ACCEPT;
            }, x -> flightBeforeLoss >= 0, bound(20));
            if (!retransmitted) {
                throw world.failure(Verdict.TIMEOUT, "node " + node + " did not retransmit the segment at stream offset "
                        + withheldOffset + " within 20 s while the tester SACKed the segments after it [TR-FR-1] "
                        + "[TR-RTX-4]: " + r);
            }
        });
    }

    @Then("once the segments sent before its fast retransmit are acknowledged, node {string} has in flight over the next {int} round trips at most half its flight before the loss plus {int} segments, and at least a quarter of it")
    public void flightHalved(String node, int roundTrips, int slackSegments) {
        world.check(() -> {
            StreamReceiver r = receiver;
            int mss = network.tester().nodeMss();
            if (flightBeforeLoss < 8L * mss) {
                throw world.failure(Verdict.WRONG, "node " + node + " had only " + flightBeforeLoss + " bytes in flight "
                        + "when it retransmitted the lost segment, under 8 segments of " + mss + ": its window did not "
                        + "open as slow start opens it [TR-CC-1], and the halving cannot be seen: " + r + "; timeline "
                        + "(ms, stream offset+length, ACK cumulative/first SACK edge): "
                        + r.timeline(r.arrivals().get(0).atNanos(), System.nanoTime(), 400));
            }
            // Everything that arrived before the fast retransmit is acknowledged once its acknowledgement, at most
            // one delay after it, is sent; the retransmission itself is acknowledged one delay after it arrived.
            long retransmissionEnd = withheldOffset + 1;
            if (!r.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, x -> x.acknowledged() >= retransmissionEnd,
                    Duration.ofNanos(2 * delayNanos).plus(bound(2)))) {
                throw new IllegalStateException("the tester did not acknowledge the retransmission: " + r);
            }
            long from = System.nanoTime();
            long to = from + roundTrips * delayNanos;
            r.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, x -> System.nanoTime() - to >= 0,
                    Duration.ofNanos(to - from).plus(bound(1)));
            long seen = r.maxOutstanding(from, to);
            long ssthresh = Math.max(flightBeforeLoss / 2, 2L * mss);
            long most = ssthresh + (long) slackSegments * mss;
            long least = flightBeforeLoss / 4;
            String numbers = "its flight when it retransmitted the lost segment (stream offset " + withheldOffset + ", "
                    + (fastRetransmitAt - r.arrivals().stream().filter(a -> a.offset() == withheldOffset).findFirst()
                    .map(Arrival::atNanos).orElse(fastRetransmitAt)) / 1_000_000 + " ms after the original) was "
                    + flightBeforeLoss + " bytes (" + flightBeforeLoss / mss + " segments of " + mss + "); over the "
                    + roundTrips + " round trips after, it had up to " + seen + " bytes in flight (" + seen / mss
                    + " segments); allowed " + least + " to " + most + " [ssthresh = max(flight / 2, 2 x MSS) = "
                    + ssthresh + ", plus " + slackSegments + " segments]; unexpected gaps " + r.unexpectedGaps()
                    + "; retransmissions before the loss " + r.arrivals().stream()
                    .filter(a -> a.retransmission() && a.offset() < withheldOffset).count();
            scenario.log("measured: " + numbers);
            if (seen > most || seen < least) {
                numbers += "; node stats " + stats(node) + "; timeline from the loss (ms, stream offset+length, ACK "
                        + "cumulative/first SACK edge): " + r.timeline(lossAt(r), to, 400);
            }
            if (seen > most) {
                throw world.failure(Verdict.WRONG, "after a fast retransmit a sender MUST set cwnd = ssthresh = "
                        + "max(flight / 2, 2 x MSS) and keep pipe within cwnd, growing it by at most one MSS per round "
                        + "trip of congestion avoidance [TR-FR-1] [TR-CC-1] [TR-CC-2]; node " + node + " did not halve "
                        + "its window: " + numbers);
            }
            if (seen < least) {
                throw world.failure(Verdict.WRONG, "after a fast retransmit the window is halved, not collapsed: cwnd = "
                        + "ssthresh [TR-FR-1] [TR-CC-2]; node " + node + " kept less than a quarter of its flight: "
                        + numbers);
            }
        });
    }

    @When("the tester then loses every segment of node {string} until node {string} retransmits the oldest one it has not had acknowledged, within {int} seconds")
    public void blackout(String node, String same, int seconds) {
        world.check(() -> {
            sameNode(node, same);
            StreamReceiver r = receiver;
            boolean found = r.receiveUntil((offset, length, rtx) -> {
                // The acknowledgements already on their way still arrive; then SND.UNA is where the tester holds up
                // to, and only the retransmission timer retransmits the segment there [TR-RTX-4].
                if (rtx && offset == r.contiguous() && !r.acknowledgementsPending() && timeoutRetransmission == null) {
                    flightAtTimeout = r.highestEnd() - offset;
                    return Fate.ACCEPT;
                }
                return Fate.DROP;
            }, x -> x.last().filter(a -> !a.dropped() && a.retransmission()).isPresent(), bound(seconds));
            if (!found) {
                throw world.failure(Verdict.TIMEOUT, "node " + node + " did not retransmit its oldest unacknowledged "
                        + "segment (stream offset " + r.contiguous() + ") within " + seconds + " s while every segment "
                        + "was lost: its retransmission timer MUST [TR-RTX-4] [TR-RTX-5]: " + r);
            }
            timeoutRetransmission = r.last().orElseThrow();
        });
    }

    @Then("node {string} sends nothing more until the tester acknowledges that retransmission")
    public void oneSegmentAfterTimeout(String node) {
        world.check(() -> {
            StreamReceiver r = receiver;
            long end = timeoutRetransmission.offset() + timeoutRetransmission.length();
            if (!r.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, x -> x.acknowledged() >= end,
                    Duration.ofNanos(2 * delayNanos).plus(bound(2)))) {
                throw new IllegalStateException("the tester did not acknowledge the retransmission: " + r);
            }
            // Sent before the node had the acknowledgement of the retransmission (same round, by its ts_ecr), and
            // less than 1.5 round trips after it by the node's own clock: a tail loss probe is due only 2 x SRTT
            // after it [TR-LOSS-3], which a tester late with its acknowledgement must not turn into a failure.
            List<Arrival> all = r.arrivals();
            int from = all.indexOf(timeoutRetransmission);
            long probeFreeMicros = 3 * delayNanos / 2 / 1000;
            List<Arrival> after = all.subList(from + 1, all.size()).stream()
                    .filter(a -> a.round() <= timeoutRetransmission.round()
                            && ((a.tsVal() - timeoutRetransmission.tsVal()) & 0xffffffffL) < probeFreeMicros)
                    .toList();
            if (!after.isEmpty()) {
                throw world.failure(Verdict.WRONG, "after a retransmission timeout a sender MUST set cwnd = 1 x MSS "
                        + "[TR-RTX-4] and send only while pipe fits it [TR-LOSS-4]: the retransmitted segment "
                        + timeoutRetransmission + " is alone in flight until it is acknowledged [TR-CC-2]; node " + node
                        + " sent " + after.size() + " more segments within that round trip (its flight when the timer "
                        + "fired was " + flightAtTimeout + " bytes); timeline (ms, stream offset+length, ACK "
                        + "cumulative/first SACK edge): " + r.timeline(timeoutRetransmission.atNanos(), System.nanoTime(),
                        200));
            }
        });
    }

    @Then("node {string}'s flight grows again as the tester acknowledges it, at most doubling each round trip, to at least {int} segments or half its flight when the timer fired within {int} round trips")
    public void growsAgain(String node, int segments, int roundTrips) {
        world.check(() -> {
            StreamReceiver r = receiver;
            int mss = network.tester().nodeMss();
            int first = timeoutRetransmission.round();
            long rtoAt = timeoutRetransmission.atNanos();
            long target = Math.min((long) segments * mss, flightAtTimeout / 2);
            r.receiveUntil((offset, length, rtx) -> Fate.ACCEPT, x -> rounds(x, first, rtoAt).size() > roundTrips + 1,
                    Duration.ofNanos((roundTrips + 2) * delayNanos).plus(bound(5)));
            List<Long> rounds = rounds(r, first, rtoAt);
            String seen = "bytes per round trip from the retransmission on: " + rounds + " (MSS " + mss
                    + "; flight when the timer fired " + flightAtTimeout + "); unexpected gaps " + r.unexpectedGaps();
            scenario.log("measured: " + seen);
            seen += "; timeline from the retransmission (ms, stream offset+length, ACK cumulative/first SACK edge): "
                    + r.timeline(rtoAt, System.nanoTime(), 300);
            for (int i = 1; i < rounds.size() - 1; i++) { // the last round may still be arriving
                if (rounds.get(i) > 2 * rounds.get(i - 1) + mss) {
                    throw world.failure(Verdict.WRONG, "slow start adds to cwnd only the bytes acknowledged [TR-CC-1], "
                            + "so the flight at most doubles per round trip [TR-CC-2]; node " + node + " went from "
                            + rounds.get(i - 1) + " to " + rounds.get(i) + " bytes: " + seen);
                }
            }
            boolean grew = rounds.stream().limit(roundTrips + 1L).anyMatch(b -> b >= target);
            if (!grew) {
                throw world.failure(Verdict.WRONG, "after a retransmission timeout the window grows again by slow start "
                        + "as acknowledgements resume [TR-RTX-4] [TR-CC-1] [TR-CC-2]; node " + node + " did not reach "
                        + target + " bytes in flight within " + roundTrips + " round trips: " + seen);
            }
        });
    }

    /** The accepted bytes per round from {@code first} on, counting only what arrived from {@code fromNanos}. */
    private static List<Long> rounds(StreamReceiver r, int first, long fromNanos) {
        return r.roundBytes(first, fromNanos);
    }

    /** The steps name the sending node twice, for the sentence's sake; both must be the tester's peer. */
    private static void sameNode(String node, String same) {
        if (!node.equals(same)) {
            throw new IllegalStateException("the step names two nodes, " + node + " and " + same + "; the tester "
                    + "receives the stream of the one it is connected to");
        }
    }

    /** The node's transport stats, for a failure message: its counts of retransmissions, probes and timeouts. */
    private String stats(String node) {
        try {
            return world.process(node).call("stats", java.util.Map.of(), world.scaled(World.REQUEST_TIMEOUT))
                    .toString();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    /** When the withheld segment first arrived (and was lost). */
    private long lossAt(StreamReceiver r) {
        return r.arrivals().stream().filter(a -> a.offset() == withheldOffset).findFirst().map(Arrival::atNanos)
                .orElse(fastRetransmitAt);
    }

    private StreamReceiver receiver(int delayMillis) {
        if (receiver == null) {
            Duration delay = world.scaled(Duration.ofMillis(delayMillis));
            delayNanos = delay.toNanos();
            receiver = new StreamReceiver(network.tester(), delay, 0);
        } else if (world.scaled(Duration.ofMillis(delayMillis)).toNanos() != delayNanos) {
            throw new IllegalStateException("the tester already acknowledges " + delayNanos / 1_000_000 + " ms after "
                    + "each segment; a scenario keeps one delay");
        }
        return receiver;
    }

    // ---- data both ways across the wrap of the sequence space [TR-SEQ-1] ------------------------

    @Given("the tester has opened a connection to node {string} port {int} by hand, acknowledging the node's SYN|ACK {int} ms after it arrives")
    public void openWithRoundTrip(String node, int port, int delayMillis) {
        world.check(() -> open(node, port, world.random().nextLong() & 0xffffffffL,
                world.scaled(Duration.ofMillis(delayMillis))));
    }

    @Given("the tester has opened a connection to node {string} port {int} by hand with initial sequence number {long}")
    public void openWithIss(String node, int port, long iss) {
        world.check(() -> open(node, port, iss, Duration.ZERO));
    }

    private void open(String node, int port, long iss, Duration ackDelay) {
        {
            IutProcess process = network.node(node);
            int localPort = 49_152 + world.random().nextInt(16_384);
            TransportTester tester = new TransportTester(world.tester(), process.udpAddress(), localPort, iss,
                    world.scaled(TESTER_RETRANSMIT));
            network.tester(tester);
            tester.open(port, bound(5), ackDelay);
            Link link = network.add(new End(Network.TESTER, -1), localPort, node, port);
            End end = network.end(link, node, bound(5));
            Optional<JsonNode> open = network.awaitEvent(end, e -> Network.is(e, "open"), bound(5));
            if (open.isEmpty() || !Network.is(open.get(), "open")) {
                throw world.failure(open.isEmpty() ? Verdict.TIMEOUT : Verdict.CLOSED, "node " + node + " did not report "
                        + "the tester's connection open after the three-way open with ISS " + iss + " (acknowledged "
                        + "as " + plus(iss, 1) + ") [TR-OPEN-4] [TR-SEQ-1]: " + network.summary(process, end));
            }
        }
    }

    @When("the tester sends a {int}-byte test pattern with seed {long} as one message, in segments of at most {int} bytes, and node {string} acknowledges it")
    public void testerSendsPattern(int length, long seed, int segmentBytes, String node) {
        world.check(() -> {
            TransportTester t = network.tester();
            TestPattern pattern = new TestPattern(seed, length);
            byte[] frame = FrameTesterCodec.message(pattern.bytes());
            if (frame.length > t.peerWindow() / 2) {
                throw new IllegalStateException("a message of " + frame.length + " bytes does not fit half the node's "
                        + "window; the tester does no flow control");
            }
            network.recordSent(network.testerLink(), Network.TESTER, new Sent(Network.TESTER, length,
                    pattern.sha256Hex(), pattern.toString(), null));
            long first = t.sndNxt();
            for (int at = 0; at < frame.length; at += segmentBytes) {
                int n = Math.min(segmentBytes, frame.length - at);
                t.sendData(Arrays.copyOfRange(frame, at, at + n), "stream bytes at seq " + plus(first, at));
            }
            try {
                t.awaitAcknowledgement(bound(10));
            } catch (RuntimeException e) {
                throw world.failure(Verdict.TIMEOUT, "node " + node + " did not acknowledge the tester's " + frame.length
                        + " bytes at sequence numbers " + first + " to " + t.sndNxt() + ", across 2^32 [TR-SEQ-1] "
                        + "[TR-ACK-2]: " + e.getMessage());
            }
        });
    }

    @Then("the tester's sequence numbers have passed 2^32")
    public void testerWrapped() {
        world.check(() -> {
            TransportTester t = network.tester();
            long iss = t.iss();
            if (t.sndNxt() >= iss) {
                throw new IllegalStateException("the scenario's data did not cross 2^32: ISS " + iss + ", SND.NXT "
                        + t.sndNxt());
            }
        });
    }

    @Then("the tester receives node {string}'s {int}-byte test pattern with seed {long} as one message, intact, within {int} seconds")
    public void testerReceivesPattern(String node, int length, long seed, int seconds) {
        world.check(() -> {
            TransportTester t = network.tester();
            byte[] expected = FrameTesterCodec.message(new TestPattern(seed, length).bytes());
            StreamReceiver r = new StreamReceiver(t, Duration.ZERO, expected.length);
            if (!r.receiveUntil((offset, len, rtx) -> Fate.ACCEPT, x -> x.contiguous() >= expected.length,
                    bound(seconds))) {
                throw world.failure(Verdict.TIMEOUT, "node " + node + " did not send the " + expected.length + " bytes "
                        + "of its message within " + seconds + " s [TR-DATA-3]: " + r);
            }
            byte[] got = r.bytes(expected.length).orElseThrow();
            int mismatch = Arrays.mismatch(got, expected);
            if (mismatch >= 0) {
                throw world.failure(Verdict.WRONG, "node " + node + "'s stream differs from the framed test pattern at "
                        + "byte " + mismatch + " [TR-DATA-3] [FR-FRAME-1]: " + r);
            }
            t.rcvNxt(plus(t.irs(), 1 + expected.length));
        });
    }

    private Duration bound(int seconds) {
        return world.scaled(Duration.ofSeconds(seconds));
    }
}
