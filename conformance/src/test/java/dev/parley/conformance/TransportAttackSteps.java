package dev.parley.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.Network.End;
import dev.parley.conformance.Network.Link;
import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.SegmentTesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import dev.parley.conformance.transport.SynFlood;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Steps of a hostile network against the transport (spec/transport.md, "Security considerations"): spoofed
 * unreachables [TR-FAIL-2], a peer that holds its window at zero [TR-FLOW-3] [TR-FLOW-4], SYN floods
 * [TR-SEC-SYN-2] [TR-SEC-SYN-3], one address that wants every connection [TR-SEC-ADDR-1], challenge-ACK floods
 * [TR-SEC-RATE-2], and connections in TIME_WAIT [TR-CLOSE-5] [TR-CLOSE-9]. Every wait is bounded and scaled by the
 * IUT's {@code timing_scale}; the SYN flood is bounded, loopback only, and stops by itself.
 */
public final class TransportAttackSteps {

    private static final Duration TESTER_RETRANSMIT = Duration.ofMillis(300);
    private static final String TESTER = Network.TESTER;
    /** The spec's default challenge-ACK allowance per connection: 10 at once, 10 per second after [TR-SEC-RATE-2]. */
    private static final int CHALLENGE_BURST = 10;
    private static final int CHALLENGE_PER_SECOND = 10;
    /** The spec's default max_rto [TR-RTX-3], before {@code time_scale}. */
    private static final Duration MAX_RTO = Duration.ofSeconds(30);

    private final World world;
    private final Network network;
    private SynFlood flood;
    private long burstStartNanos;
    private long burstEndNanos;

    public TransportAttackSteps(World world, Network network) {
        this.world = world;
        this.network = network;
    }

    @After
    public void stopFlood() throws InterruptedException {
        if (flood != null) {
            flood.close();
        }
    }

    // ---- unreachable messages [TR-FAIL-2] ---------------------------------------------------------

    @When("the tester sends node {string} {int} unreachables for its connection quoting a segment at the node's next sequence number")
    public void spoofedUnreachables(String node, int count) {
        world.check(() -> {
            TransportTester t = network.tester();
            IutProcess process = network.node(node);
            for (int i = 0; i < count; i++) {
                // What an off-path attacker can guess: the ports and SND.NXT; the header and the code vary.
                ByteBuffer quote = ByteBuffer.allocate(TesterCodec.HEADER_LENGTH + 14);
                quote.put((byte) TesterCodec.VERSION).put((byte) TesterCodec.PROTOCOL_TRANSPORT)
                        .putShort((short) (TesterCodec.HEADER_LENGTH + SegmentTesterCodec.HEADER_LENGTH))
                        .putInt(world.random().nextInt());
                quote.putShort((short) t.remotePort()).putShort((short) t.localPort()).putInt((int) t.rcvNxt())
                        .putInt((int) t.sndNxt()).put((byte) SegmentTesterCodec.ACK).put((byte) 0);
                int code = i % 2 == 0 ? TesterCodec.CODE_PORT_UNREACHABLE : TesterCodec.CODE_PROTOCOL_UNREACHABLE;
                int port = code == TesterCodec.CODE_PORT_UNREACHABLE ? t.localPort() : 0;
                byte[] body = ByteBuffer.allocate(4 + quote.capacity()).putShort((short) 0).putShort((short) port)
                        .put(quote.array()).array();
                byte[] packet = TesterCodec.packet(TesterCodec.PROTOCOL_CONTROL,
                        TesterCodec.rawControl(TesterCodec.UNREACHABLE, code, body));
                world.tester().send(packet, process.udpAddress(),
                        "spoofed unreachable (code " + code + ") quoting seq_num " + t.rcvNxt());
            }
        });
    }

    // ---- zero window [TR-FLOW-3] [TR-FLOW-4] -------------------------------------------------------

    @Given("the tester has opened a connection to node {string} port {int} by hand, advertising a zero window")
    public void testerOpensWithZeroWindow(String node, int port) {
        world.check(() -> {
            IutProcess process = network.node(node);
            TransportTester tester = newTester(process, 49_152 + world.random().nextInt(16_384));
            tester.advertiseWindow(0);
            network.tester(tester);
            tester.open(port, bound(5));
            Link link = network.add(new End(TESTER, -1), tester.localPort(), node, port);
            End end = network.end(link, node, bound(5));
            Optional<JsonNode> open = network.awaitEvent(end, e -> Network.is(e, "open"), bound(5));
            if (open.isEmpty() || !Network.is(open.get(), "open")) {
                throw world.failure(open.isEmpty() ? Verdict.TIMEOUT : Verdict.CLOSED, "node " + node
                        + " did not report the tester's connection open [TR-OPEN-4]: " + network.summary(process, end));
            }
        });
    }

    @When("node {string} sends a {int}-byte test pattern with seed {long} on the tester's connection")
    public void nodeSendsOnTesterConnection(String node, int length, long seed) {
        world.check(() -> {
            End end = network.end(network.testerLink(), node, bound(5));
            world.process(node).call("send", Map.of("conn", end.conn(), "length", length, "seed", seed),
                    world.scaled(World.REQUEST_TIMEOUT));
        });
    }

    @Then("the tester receives {int} zero-window probes at growing intervals within {int} seconds, answering each with a zero window")
    public void zeroWindowProbes(int count, int seconds) {
        world.check(() -> {
            TransportTester t = network.tester();
            long deadline = System.nanoTime() + bound(seconds).toNanos();
            List<Long> at = new ArrayList<>();
            while (at.size() < count) {
                long left = deadline - System.nanoTime();
                Optional<Segment> probe = left <= 0 ? Optional.empty()
                        : t.awaitSegment(s -> !s.rst() && !s.syn() && (s.data().length > 0 || s.fin()),
                                Duration.ofNanos(left));
                if (probe.isEmpty()) {
                    throw world.failure(Verdict.TIMEOUT, "the tester, holding its window at 0 with the node's data "
                            + "waiting, received " + at.size() + " zero-window probes within " + seconds + " s, not "
                            + count + " [TR-FLOW-3]; the node's last segments: " + last(t.received(), 5));
                }
                Segment s = probe.get();
                if (s.seqNum() != t.rcvNxt()) {
                    throw world.failure(Verdict.WRONG, "a zero-window probe carries the next octet of the stream, "
                            + "seq_num " + t.rcvNxt() + " [TR-FLOW-3]; the node sent data beyond a zero window: " + s);
                }
                at.add(System.nanoTime());
                t.sendSegment(t.segment(SegmentTesterCodec.ACK, t.sndNxt()), "zero window, answering the probe");
            }
            long first = at.get(1) - at.get(0);
            long lastInterval = at.get(at.size() - 1) - at.get(at.size() - 2);
            // The persist timer doubles up to max_rto (30 s x time_scale); an RTO already near the cap cannot grow.
            long maxRto = (long) (MAX_RTO.toNanos() * world.timeScale());
            if (lastInterval < first * 3 / 2 && first < maxRto * 4 / 5) {
                throw world.failure(Verdict.WRONG, "zero-window probes back off [TR-FLOW-3] [TR-RTX-3]: the first "
                        + "interval was " + first / 1_000_000 + " ms and the last " + lastInterval / 1_000_000 + " ms, "
                        + "below max_rto (" + maxRto / 1_000_000 + " ms)");
            }
        });
    }

    // ---- SYN floods [TR-SEC-SYN-2] [TR-SEC-SYN-3] -------------------------------------------------

    @When("the tester floods node {string} port {int} with {int} SYNs per second from random ports for {int} seconds")
    public void synFlood(String node, int port, int perSecond, int seconds) {
        world.check(() -> {
            flood = SynFlood.start(network.node(node).udpAddress(), port, perSecond, Duration.ofSeconds(seconds),
                    world.random().nextLong());
            long deadline = System.nanoTime() + bound(5).toNanos();
            while (flood.sent() < 256) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the SYN flood did not get going: " + flood.sent() + " SYNs sent");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        });
    }

    @Then("the SYN flood was still running when the connection opened, and has ended by itself")
    public void floodEnded() {
        world.check(() -> {
            long sentWhenOpen = flood.sent();
            if (flood.awaitEnd(Duration.ZERO)) {
                throw new IllegalStateException("the flood ended (" + sentWhenOpen + " SYNs) before the honest open "
                        + "completed; the scenario tested less than it claims");
            }
            if (!flood.awaitEnd(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the SYN flood did not stop by itself");
            }
        });
    }

    // ---- one address [TR-SEC-ADDR-1] --------------------------------------------------------------

    @Then("the tester, opening connections to node {string} port {int} by hand from one address, is refused one at the latest after {int}")
    public void perAddressLimit(String node, int port, int limit) {
        world.check(() -> {
            IutProcess process = network.node(node);
            int opened = 0;
            int base = 49_152 + world.random().nextInt(8_000);
            for (int i = 0; i <= limit; i++) {
                TransportTester t = newTester(process, base + i);
                try {
                    t.open(port, bound(2));
                    opened++;
                } catch (dev.parley.conformance.iut.IutException e) {
                    if (e.verdict() != Verdict.TIMEOUT) {
                        throw e;
                    }
                    return; // refused: the SYN drew no SYN|ACK [TR-SEC-ADDR-1]
                }
            }
            throw world.failure(Verdict.WRONG, "node " + node + " accepted " + opened + " connections from one address; "
                    + "the per-address limit is " + limit + " by default, so that one address cannot take all "
                    + "connections [TR-SEC-ADDR-1]");
        });
    }

    // ---- TIME_WAIT [TR-CLOSE-5] ---------------------------------------------------------------------

    @When("node {string} opens {int} connections to node {string} port {int} one after another, closing each first")
    public void openAndCloseFirst(String connector, int count, String listener, int port) {
        world.check(() -> {
            IutProcess from = network.node(connector);
            IutProcess to = network.node(listener);
            Duration request = world.scaled(World.REQUEST_TIMEOUT);
            for (int i = 0; i < count; i++) {
                IutProcess.Reply reply = from.request("connect",
                        Map.of("address", "127.0.0.1:" + to.udpPort(), "port", port), request);
                if (!reply.ok()) {
                    throw world.failure(Verdict.WRONG, "node " + connector + " could not open connection " + (i + 1)
                            + " after closing the " + i + " before it first (TIME_WAIT must not cost a connection "
                            + "slot [TR-CLOSE-5]): " + reply.line());
                }
                End mine = new End(connector, reply.result().get("conn").asLong());
                Link link = network.add(mine, reply.result().get("local_port").asInt(), listener, port);
                awaitEvent(mine, "open", 5, "[TR-OPEN-2]");
                End theirs = network.end(link, listener, bound(5));
                from.call("close", Map.of("conn", mine.conn()), request);
                awaitEvent(theirs, "peer_closed", 5, "[TR-CLOSE-3]");
                to.call("close", Map.of("conn", theirs.conn()), request);
                awaitClosed(mine, 5);
                awaitClosed(theirs, 5);
            }
        });
    }

    // ---- challenge ACKs [TR-SEC-RATE-2] -------------------------------------------------------------

    @When("the tester sends {int} {word} on its connection as fast as it can")
    public void challengeBurst(int count, String kind) {
        world.check(() -> {
            TransportTester t = network.tester();
            burstStartNanos = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Segment s = switch (kind) {
                    case "SYNs" -> t.segment(SegmentTesterCodec.SYN, world.random().nextLong() & 0xffffffffL);
                    case "out-of-window-segments" -> t.dataSegment(new byte[] {1, 2, 3, 4})
                            .withSeqNum(SegmentTesterCodec.plus(t.sndNxt(), t.peerWindow() + 65_536 + i));
                    default -> throw new IllegalArgumentException("no segment kind " + kind);
                };
                t.sendSegment(s, kind + " " + (i + 1) + " of " + count);
            }
            burstEndNanos = System.nanoTime();
        });
    }

    @Then("the tester receives at most the allowed challenge ACKs in the next {int} second(s)")
    public void challengeAcksLimited(int seconds) {
        world.check(() -> {
            TransportTester t = network.tester();
            long expectedAck = t.sndNxt();
            int acks = 0;
            long end = burstEndNanos + bound(seconds).toNanos();
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Optional<Segment> s = t.awaitSegment(x -> x.ack() && !x.rst() && !x.syn() && x.data().length == 0
                        && x.ackNum() == expectedAck, Duration.ofNanos(left));
                if (s.isPresent()) {
                    acks++;
                }
            }
            double elapsed = (end - burstStartNanos) / 1e9;
            long allowed = CHALLENGE_BURST + (long) Math.ceil(CHALLENGE_PER_SECOND * elapsed) + 1;
            if (acks > allowed) {
                throw world.failure(Verdict.WRONG, "the node answered with " + acks + " ACKs in " + String.format("%.2f",
                        elapsed) + " s; one connection may send at most " + CHALLENGE_BURST + " at once and "
                        + CHALLENGE_PER_SECOND + " per second after, " + allowed + " here [TR-SEC-RATE-2]");
            }
            if (acks == 0) {
                throw world.failure(Verdict.WRONG, "the node answered none of the tester's segments; the first of a "
                        + "burst draws a challenge ACK [TR-SEC-INJ-2] [TR-RCV-2]");
            }
        });
    }

    // ---- a new incarnation in TIME_WAIT [TR-CLOSE-9] -------------------------------------------------

    @When("node {string} closes the tester's connection first and the tester closes it too")
    public void nodeClosesFirst(String node) {
        world.check(() -> {
            TransportTester t = network.tester();
            End end = network.end(network.testerLink(), node, bound(5));
            world.process(node).call("close", Map.of("conn", end.conn()), world.scaled(World.REQUEST_TIMEOUT));
            Optional<Segment> fin = t.awaitSegment(s -> s.fin() && !s.rst(), bound(5));
            if (fin.isEmpty()) {
                throw world.failure(Verdict.TIMEOUT, "node " + node + " sent no FIN within 5 s of close [TR-CLOSE-1]");
            }
            Segment f = fin.get();
            long finAck = SegmentTesterCodec.plus(f.seqNum(), f.data().length + 1);
            Segment finAndAck = new Segment(t.localPort(), t.remotePort(), t.sndNxt(), finAck,
                    SegmentTesterCodec.FIN | SegmentTesterCodec.ACK, TransportTester.WINDOW, t.tsVal(), f.tsVal(),
                    List.of(), new byte[0]);
            t.sendSegment(finAndAck, "FIN|ACK closing the tester's side");
            t.advance(1);
            awaitClosed(end, 5);
            Optional<Segment> last = t.awaitSegment(s -> s.ack() && !s.rst() && s.ackNum() == t.sndNxt(), bound(2));
            if (last.isEmpty()) {
                t.sendSegment(finAndAck, "FIN|ACK again");
                if (t.awaitSegment(s -> s.ack() && !s.rst() && s.ackNum() == t.sndNxt(), bound(2)).isEmpty()) {
                    throw world.failure(Verdict.TIMEOUT, "node " + node + " did not acknowledge the tester's FIN "
                            + "[TR-CLOSE-3]; it should be in TIME_WAIT now");
                }
            }
        });
    }

    @Then("a SYN from the same port with a later timestamp draws a SYN|ACK from node {string} within {int} seconds")
    public void newIncarnation(String node, int seconds) {
        world.check(() -> {
            TransportTester t = network.tester();
            long iss = world.random().nextLong() & 0xffffffffL;
            Segment syn = new Segment(t.localPort(), t.remotePort(), iss, 0, SegmentTesterCodec.SYN,
                    TransportTester.WINDOW, SegmentTesterCodec.plus(t.tsVal(), 1_000), 0, List.of(), new byte[0]);
            t.sendSegment(syn, "SYN of a new incarnation, ts_val after the old TS.Recent");
            Optional<Segment> answer = t.awaitSegment(s -> s.syn() || s.rst(), bound(seconds));
            if (answer.isEmpty() || !answer.get().syn() || !answer.get().ack()
                    || answer.get().ackNum() != SegmentTesterCodec.plus(iss, 1)) {
                throw world.failure(answer.isEmpty() ? Verdict.TIMEOUT : Verdict.WRONG, "a SYN whose ts_val is after "
                        + "TS.Recent of the connection in TIME_WAIT opens a new incarnation: node " + node + " should "
                        + "answer with a SYN|ACK acknowledging " + SegmentTesterCodec.plus(iss, 1) + " [TR-CLOSE-9], got "
                        + answer.map(Segment::toString).orElse("nothing") + "; last segments " + last(t.received(), 5));
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private TransportTester newTester(IutProcess process, int localPort) {
        return new TransportTester(world.tester(), process.udpAddress(), localPort,
                world.random().nextLong() & 0xffffffffL, world.scaled(TESTER_RETRANSMIT));
    }

    private void awaitEvent(End end, String name, int seconds, String req) {
        Optional<JsonNode> e = network.awaitEvent(end, ev -> Network.is(ev, name), bound(seconds));
        if (e.isEmpty() || !Network.is(e.get(), name)) {
            throw world.failure(e.isEmpty() ? Verdict.TIMEOUT : Verdict.CLOSED, end + " reported no " + name
                    + " within " + seconds + " s " + req + "; events: " + network.summary(world.process(end.node()), end));
        }
    }

    private void awaitClosed(End end, int seconds) {
        Optional<JsonNode> closed = network.awaitEvent(end, e -> Network.is(e, "closed"), bound(seconds));
        if (closed.isEmpty() || !"TR_CLOSED".equals(closed.get().path("code").asText())) {
            throw world.failure(closed.isEmpty() ? Verdict.TIMEOUT : Verdict.WRONG, end + " should be reported closed "
                    + "with TR_CLOSED [TR-CLOSE-2] [TR-CLOSE-4], got " + closed.map(JsonNode::toString).orElse("nothing"));
        }
    }

    private Duration bound(int seconds) {
        return world.scaled(Duration.ofSeconds(seconds));
    }

    private static <T> List<T> last(List<T> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }
}
