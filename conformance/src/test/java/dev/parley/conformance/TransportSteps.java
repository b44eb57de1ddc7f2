package dev.parley.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.Network.End;
import dev.parley.conformance.Network.Link;
import dev.parley.conformance.Network.Sent;
import dev.parley.conformance.datagram.DatagramTester;
import dev.parley.conformance.datagram.DatagramTester.Received;
import dev.parley.conformance.datagram.NodeStats;
import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.conformance.datagram.TesterCodec.Unreachable;
import dev.parley.conformance.framing.FrameTesterCodec;
import dev.parley.conformance.framing.TestPattern;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.relay.Direction;
import dev.parley.conformance.relay.Impairment;
import dev.parley.conformance.relay.ImpairmentRelay;
import dev.parley.conformance.relay.RelayCounts;
import dev.parley.conformance.transport.MalformedSegment;
import dev.parley.conformance.transport.SegmentTesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import dev.parley.conformance.transport.TransportCounters;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.ParameterType;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steps of the transport layer (spec/transport.md): IUT nodes that listen and connect to each other,
 * directly or through the seeded impairment relay, and report their connections' events; and the
 * tester, which opens a connection to a node by hand and sends segments on purpose. Every wait is
 * bounded and scaled by the IUT's {@code timing_scale}; every check accepts the outcomes the spec
 * allows and names the requirement it holds the IUT to.
 */
public final class TransportSteps {

    /** How often the tester resends data the node has not acknowledged. */
    private static final Duration TESTER_RETRANSMIT = Duration.ofMillis(300);
    private static final Duration STATS_SETTLE = Duration.ofSeconds(3);
    private static final Pattern IMPAIRMENT = Pattern.compile("(\\d+(?:\\.\\d+)?)% (loss|reordering|duplication|corruption)");
    private static final String TESTER = Network.TESTER;

    private final World world;
    private final Network network;
    private Segment lastSegment;
    private byte[] lastPacket;
    private DatagramTester strayTester;
    private TransportCounters dropBaseline;
    private NodeStats datagramBaseline;
    private String datagramBaselineNode;

    public TransportSteps(World world, Network network) {
        this.world = world;
        this.network = network;
    }

    @ParameterType(name = "impairments", value = "\\d+(?:\\.\\d+)?% (?:loss|reordering|duplication|corruption)"
            + "(?:(?:, | and )\\d+(?:\\.\\d+)?% (?:loss|reordering|duplication|corruption))*")
    public Impairment impairments(String text) {
        Impairment impairment = Impairment.none();
        Matcher m = IMPAIRMENT.matcher(text);
        while (m.find()) {
            double rate = Double.parseDouble(m.group(1)) / 100.0;
            impairment = switch (m.group(2)) {
                case "loss" -> impairment.withLoss(rate);
                case "reordering" -> impairment.withReordering(rate);
                case "duplication" -> impairment.withDuplication(rate);
                case "corruption" -> impairment.withCorruption(rate);
                default -> throw new IllegalArgumentException(m.group(2));
            };
        }
        return impairment;
    }

    // ---- nodes and connections ----------------------------------------------------------------

    @Given("the nodes run with transport timers scaled by {double}")
    public void timersScaled(double scale) {
        world.check(() -> world.timeScale(scale));
    }

    @Given("node {string} is running")
    public void nodeIsRunning(String name) {
        world.check(() -> network.node(name));
    }

    @Given("node {string} is running with a message limit of {long} bytes")
    public void nodeWithLimit(String name, long bytes) {
        world.check(() -> {
            network.maxMessage(name, bytes);
            network.node(name);
        });
    }

    @Given("node {string} listens on port {int}")
    public void listens(String name, int port) {
        world.check(() -> network.node(name).call("listen", Map.of("port", port), requestTimeout()));
    }

    @When("node {string} connects to node {string} port {int}")
    public void connects(String connector, String listener, int port) {
        world.check(() -> connect(connector, listener, port, null));
    }

    @When("node {string} connects to node {string} port {int} through the relay")
    public void connectsThroughRelay(String connector, String listener, int port) {
        world.check(() -> connect(connector, listener, port, Impairment.none()));
    }

    @When("node {string} connects to node {string} port {int} through the relay with {impairments} each way")
    public void connectsThroughImpairedRelay(String connector, String listener, int port, Impairment impairment) {
        world.check(() -> connect(connector, listener, port, impairment));
    }

    @When("node {string} opens {int} connections to node {string} port {int}")
    public void opensMany(String connector, int count, String listener, int port) {
        world.check(() -> {
            for (int i = 0; i < count; i++) {
                connect(connector, listener, port, null);
            }
        });
    }

    @When("node {string} opens {int} connections to node {string} port {int} through the relay with {impairments} each way")
    public void opensManyThroughRelay(String connector, int count, String listener, int port, Impairment impairment) {
        world.check(() -> {
            for (int i = 0; i < count; i++) {
                connect(connector, listener, port, impairment);
            }
        });
    }

    @Then("the connection opens on both nodes within {int} second(s)")
    public void connectionOpens(int seconds) {
        world.check(() -> awaitOpen(List.of(network.current()), seconds));
    }

    @Then("all {int} connections open on both nodes within {int} seconds")
    public void allOpen(int count, int seconds) {
        world.check(() -> {
            List<Link> links = network.links();
            if (links.size() != count) {
                throw new IllegalStateException("the scenario opened " + links.size() + " connections, not " + count);
            }
            awaitOpen(links, seconds);
        });
    }

    @Then("node {string} reports that connection accepted on port {int} from node {string}")
    public void acceptedFrom(String listener, int port, String connector) {
        world.check(() -> {
            Link link = network.current();
            End end = network.end(link, listener, bound(5));
            JsonNode accepted = network.events(end).stream().filter(e -> Network.is(e, "accepted")).findFirst()
                    .orElseThrow();
            String expectedPeer = "127.0.0.1:" + world.process(connector).udpPort();
            if (accepted.path("port").asInt() != port || accepted.path("peer_port").asInt() != link.localPort
                    || !expectedPeer.equals(accepted.path("peer").asText())) {
                throw world.failure(Verdict.WRONG, "node " + listener + "'s accepted event should name port " + port
                        + ", peer " + expectedPeer + " and peer_port " + link.localPort + " [CF-EV-1]: " + accepted);
            }
        });
    }

    @When("node {string} closes that connection")
    public void closes(String node) {
        world.check(() -> onCurrent(node, "close"));
    }

    @When("node {string} aborts that connection")
    public void aborts(String node) {
        world.check(() -> onCurrent(node, "abort"));
    }

    @Then("node {string} reports that connection peer-closed within {int} second(s)")
    public void peerClosed(String node, int seconds) {
        world.check(() -> {
            End end = network.end(network.current(), node, bound(seconds));
            Optional<JsonNode> e = network.awaitEvent(end, ev -> Network.is(ev, "peer_closed"), bound(seconds));
            if (e.isEmpty()) {
                throw world.failure(Verdict.TIMEOUT, end + " reported no peer_closed within " + seconds + " s [TR-CLOSE-3]; "
                        + "events: " + network.summary(world.process(node), end));
            }
            if (Network.is(e.get(), "closed")) {
                throw world.failure(Verdict.CLOSED, end + " ended with " + e.get() + " instead of reporting peer_closed "
                        + "[TR-CLOSE-3]");
            }
            network.checkEventOrder(end);
        });
    }

    @Then("node {string} reports that connection closed with {word} within {int} second(s)")
    public void closedWith(String node, String code, int seconds) {
        world.check(() -> awaitClosed(network.end(network.current(), node, bound(seconds)), code, seconds));
    }

    @Then("node {string} reports that connection closed with {word} within {int} second(s), without opening it")
    public void closedWithoutOpening(String node, String code, int seconds) {
        world.check(() -> {
            End end = network.end(network.current(), node, bound(seconds));
            awaitClosed(end, code, seconds);
            if (network.events(end).stream().anyMatch(e -> Network.is(e, "open"))) {
                throw world.failure(Verdict.WRONG, end + " reported the connection open although nobody listens: "
                        + network.summary(world.process(node), end));
            }
        });
    }

    @Then("node {string} reports no connection")
    public void noConnection(String node) {
        world.check(() -> {
            IutProcess process = world.process(node);
            if (process.events().stream().anyMatch(e -> Network.is(e, "accepted"))) {
                throw world.failure(Verdict.WRONG, "node " + node + " accepted a connection although it does not listen "
                        + "there [TR-DEMUX-2]: " + network.summary(process, null));
            }
        });
    }

    @When("node {string} vanishes after the relay has carried {int} datagrams of the transfer")
    public void vanishes(String node, int datagrams) {
        world.check(() -> {
            Link link = network.current();
            String sender = link.toListener.isEmpty() ? link.listener() : link.connector().node();
            if (!link.toListener.isEmpty() && !link.toConnector.isEmpty()) {
                throw new IllegalStateException("this step needs a transfer in one direction only");
            }
            Direction direction = sender.equals(link.listener()) ? Direction.FROM_TARGET : Direction.TO_TARGET;
            ImpairmentRelay relay = world.relay();
            long target = relay.counts(direction).forwarded() + datagrams;
            long deadline = System.nanoTime() + bound(10).toNanos();
            while (relay.counts(direction).forwarded() < target) {
                if (System.nanoTime() - deadline > 0) {
                    throw world.failure(Verdict.TIMEOUT, "the transfer did not reach " + datagrams + " datagrams through "
                            + "the relay within 10 s (" + relay.counts(direction) + ")");
                }
                LockSupport.parkNanos(1_000_000);
            }
            world.process(node).kill();
            String receiver = network.peerOf(link, sender);
            End receiving = network.end(link, receiver, bound(1));
            if (!network.messages(receiving).isEmpty()) {
                throw new IllegalStateException("the transfer ended before node " + node + " vanished; make the message "
                        + "longer so that the scenario tests what it claims");
            }
        });
    }

    @Then("node {string}'s send on that connection fails with {word} within {int} second(s)")
    public void sendFails(String node, String code, int seconds) {
        world.check(() -> {
            Link link = network.current();
            List<Sent> sent = network.sentTo(link, network.peerOf(link, node));
            Sent last = sent.get(sent.size() - 1);
            IutProcess.Reply reply = last.request().await(bound(seconds));
            if (reply.ok() || !code.equals(reply.errorCode())) {
                throw world.failure(Verdict.WRONG, "node " + node + "'s send on a connection that ended should fail with "
                        + code + " [FR-SEND-4] [CF-OP-6], the reply was: " + reply.line());
            }
        });
    }

    @Then("the relay impaired both directions as configured")
    public void relayImpaired() {
        world.check(() -> {
            ImpairmentRelay relay = world.relay();
            for (Direction d : Direction.values()) {
                Impairment imp = relay.impairment(d);
                RelayCounts c = relay.counts(d);
                if ((imp.lossRate() > 0 && c.lost() == 0) || (imp.reorderRate() > 0 && c.outOfOrder() == 0)
                        || (imp.duplicateRate() > 0 && c.duplicated() == 0) || (imp.corruptRate() > 0 && c.corrupted() == 0)) {
                    throw new IllegalStateException("the relay did not impair " + d + " as configured (" + imp + ": " + c
                            + "); the scenario tested less than it claims");
                }
                if (c.overflowed() > 0) {
                    throw new IllegalStateException("the relay overflowed in " + d + " (" + c + "); its bounds are too small "
                            + "for this scenario");
                }
            }
        });
    }

    @Then("node {string}'s datagram layer dropped no more datagrams than the relay corrupted on the way to it")
    public void corruptedDropped(String node) {
        world.check(() -> {
            RelayCounts toNode = world.relay().counts(Direction.TO_TARGET);
            if (datagramBaseline == null || !node.equals(datagramBaselineNode)) {
                throw new IllegalStateException("no stats baseline of node " + node);
            }
            NodeStats now = datagramStats(node);
            long drops = now.datagramDrops() - datagramBaseline.datagramDrops();
            if (drops > toNode.corrupted()) {
                throw world.failure(Verdict.WRONG, "node " + node + " dropped " + drops + " datagrams in its checks but the "
                        + "relay corrupted only " + toNode.corrupted() + " on the way to it: it dropped valid datagrams "
                        + "[DG-RECV-1]; stats before " + datagramBaseline + ", now " + now);
            }
            if (toNode.corrupted() >= 20 && drops == 0) {
                throw world.failure(Verdict.WRONG, "the relay corrupted " + toNode.corrupted() + " datagrams on the way to "
                        + "node " + node + ", which dropped none [DG-CSUM-2]; stats " + now);
            }
        });
    }

    // ---- the tester's hand-made connection ----------------------------------------------------

    @Given("the tester has opened a connection to node {string} port {int} by hand")
    public void testerOpens(String node, int port) {
        world.check(() -> {
            IutProcess process = network.node(node);
            int localPort = 49_152 + world.random().nextInt(16_384);
            long iss = world.random().nextLong() & 0xffffffffL;
            TransportTester tester = new TransportTester(world.tester(), process.udpAddress(), localPort, iss,
                    world.scaled(TESTER_RETRANSMIT));
            network.tester(tester);
            tester.open(port, bound(5));
            Link link = network.add(new End(TESTER, -1), localPort, node, port);
            End end = network.end(link, node, bound(5));
            Optional<JsonNode> open = network.awaitEvent(end, e -> Network.is(e, "open"), bound(5));
            if (open.isEmpty() || !Network.is(open.get(), "open")) {
                throw world.failure(open.isEmpty() ? Verdict.TIMEOUT : Verdict.CLOSED, "node " + node + " did not report "
                        + "the tester's connection open after the three-way open [TR-OPEN-4] [CF-EV-1]: "
                        + network.summary(process, end));
            }
            JsonNode accepted = network.events(end).get(0);
            String peer = "127.0.0.1:" + tester.address().getPort();
            if (!peer.equals(accepted.path("peer").asText())) {
                throw world.failure(Verdict.WRONG, "the accepted event should name the tester's address " + peer
                        + " as peer [CF-EV-1]: " + accepted);
            }
            network.checkEventOrder(end);
        });
    }

    @When("the tester sends the message {string}")
    public void testerSendsMessage(String text) {
        world.check(() -> sendMessageByHand(text));
    }

    @When("the tester sends the message {string} in one segment")
    public void testerSendsMessageInOneSegment(String text) {
        world.check(() -> sendMessageByHand(text));
    }

    @When("the tester sends that segment again")
    public void testerSendsAgain() {
        world.check(() -> network.tester().sendSegment(lastSegment, "the same segment again"));
    }

    @Then("the tester receives an ACK of everything it sent within {int} second(s)")
    public void testerReceivesAck(int seconds) {
        world.check(() -> {
            TransportTester t = network.tester();
            long expected = t.sndNxt();
            awaitFromNode(s -> s.ack() && !s.rst() && !s.syn() && s.ackNum() == expected,
                    "an ACK with ack_num " + expected + " [TR-RCV-2] [TR-ACK-2]", seconds);
        });
    }

    @Then("the tester receives a challenge ACK within {int} second(s)")
    public void testerReceivesChallengeAck(int seconds) {
        world.check(() -> {
            TransportTester t = network.tester();
            long expected = t.sndNxt();
            long seq = t.rcvNxt();
            awaitFromNode(s -> s.ack() && !s.rst() && !s.syn() && s.ackNum() == expected && s.seqNum() == seq,
                    "a challenge ACK (ACK, seq_num " + seq + ", ack_num " + expected + ") [TR-RST-3] [TR-SEC-INJ-2]",
                    seconds);
        });
    }

    @Then("the tester receives an RST within {int} second(s)")
    public void testerReceivesRst(int seconds) {
        world.check(() -> awaitFromNode(Segment::rst, "an RST [TR-RST-5] [FR-ERR-1]", seconds));
    }

    @When("the tester sends the message {string} in a segment beyond the node's receive window")
    public void testerSendsBeyondWindow(String text) {
        world.check(() -> {
            TransportTester t = network.tester();
            byte[] frame = FrameTesterCodec.message(utf8(text));
            long seq = SegmentTesterCodec.plus(t.sndNxt(), t.peerWindow() + 65_536);
            lastSegment = t.dataSegment(frame).withSeqNum(seq);
            t.sendSegment(lastSegment, "beyond the window");
        });
    }

    @When("the tester sends an RST {int} bytes beyond the next sequence number the node expects")
    public void testerSendsNearRst(int offset) {
        world.check(() -> {
            TransportTester t = network.tester();
            if (offset <= 0 || offset >= t.peerWindow()) {
                throw new IllegalStateException("an RST " + offset + " bytes beyond RCV.NXT is not inside the node's "
                        + "window of " + t.peerWindow());
            }
            noteDropBaseline(network.testerLink().listener());
            sendRst(t, SegmentTesterCodec.plus(t.sndNxt(), offset), "RST inside the window");
        });
    }

    @When("the tester sends an RST beyond the node's receive window")
    public void testerSendsFarRst() {
        world.check(() -> {
            TransportTester t = network.tester();
            noteDropBaseline(network.testerLink().listener());
            sendRst(t, SegmentTesterCodec.plus(t.sndNxt(), t.peerWindow() + 65_536), "RST beyond the window");
        });
    }

    @When("the tester sends an RST at exactly the next sequence number the node expects")
    public void testerSendsExactRst() {
        world.check(() -> {
            TransportTester t = network.tester();
            sendRst(t, t.sndNxt(), "RST at RCV.NXT");
        });
    }

    @When("the tester sends a SYN on its open connection")
    public void testerSendsSyn() {
        world.check(() -> {
            TransportTester t = network.tester();
            long seq = world.random().nextLong() & 0xffffffffL;
            lastSegment = t.segment(SegmentTesterCodec.SYN, seq);
            t.sendSegment(lastSegment, "SYN on an open connection");
        });
    }

    @When("the tester sends on its connection a segment {}")
    public void testerSendsMalformed(String phrase) {
        world.check(() -> {
            MalformedSegment fault = MalformedSegment.byPhrase(phrase);
            TransportTester t = network.tester();
            noteDropBaseline(network.testerLink().listener());
            byte[] bytes = fault.applyTo(t.dataSegment(FrameTesterCodec.message(utf8("malformed"))));
            t.sendBytes(bytes, "segment " + phrase);
        });
    }

    @Then("node {string}'s transport stats count {int} drop(s) as {word} within {int} second(s), and no other format drop")
    public void transportDropsOnly(String node, int count, String code, int seconds) {
        world.check(() -> awaitTransportDrops(node, count, code, seconds, true));
    }

    @Then("node {string}'s transport stats count {int} drop(s) as {word} within {int} second(s)")
    public void transportDrops(String node, int count, String code, int seconds) {
        world.check(() -> awaitTransportDrops(node, count, code, seconds, false));
    }

    @Then("^node \"([^\"]*)\" receives on the tester's connection exactly the messages? ((?:\"[^\"]*\"(?:, )?)+) within (\\d+) seconds?$")
    public void receivesExactlyFromTester(String node, String list, int seconds) {
        world.check(() -> {
            List<String> expected = new ArrayList<>();
            Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(list);
            while (m.find()) {
                expected.add(m.group(1));
            }
            End end = network.end(network.testerLink(), node, bound(seconds));
            List<JsonNode> messages = network.awaitMessages(end, expected.size(), bound(seconds));
            List<String> got = messages.stream().map(e -> e.has("data")
                    ? new String(TesterCodec.unhex(e.get("data").asText()), StandardCharsets.UTF_8)
                    : "(" + e.path("length").asLong() + " bytes)").toList();
            for (int i = 0; i < messages.size(); i++) {
                String want = i < expected.size() ? expected.get(i) : null;
                JsonNode e = messages.get(i);
                if (want == null || e.path("length").asLong() != utf8(want).length
                        || !e.path("sha256").asText().equalsIgnoreCase(TestPattern.sha256Hex(utf8(want)))) {
                    throw world.failure(Verdict.WRONG, end + " should report exactly the messages " + expected
                            + " [TR-DATA-3] [FR-DELIV-1], it reported " + got + ": " + messages);
                }
            }
            network.checkEventOrder(end);
        });
    }

    @Then("node {string} reports the tester's connection closed with {word} within {int} second(s)")
    public void testerConnectionClosed(String node, String code, int seconds) {
        world.check(() -> awaitClosed(network.end(network.testerLink(), node, bound(seconds)), code, seconds));
    }

    @Then("node {string} has not reported the tester's connection closed")
    public void testerConnectionNotClosed(String node) {
        world.check(() -> {
            End end = network.end(network.testerLink(), node, bound(1));
            network.closed(end).ifPresent(closed -> {
                throw world.failure(Verdict.CLOSED, end + " ended (" + closed + ") although the tester's segment must "
                        + "not end it");
            });
            if (network.events(end).stream().anyMatch(e -> Network.is(e, "peer_closed"))) {
                throw world.failure(Verdict.WRONG, end + " reported peer_closed although the tester sent no FIN: "
                        + network.summary(world.process(node), end));
            }
        });
    }

    // ---- segments for no connection -----------------------------------------------------------

    @When("the tester sends a SYN to node {string} port {int}")
    public void strayTesterSendsSyn(String node, int port) {
        world.check(() -> {
            DatagramTester stray = stray();
            int localPort = 49_152 + world.random().nextInt(16_384);
            Segment syn = new Segment(localPort, port, world.random().nextLong() & 0xffffffffL, 0, SegmentTesterCodec.SYN,
                    TransportTester.WINDOW, 1, 0, List.of(), new byte[0]);
            lastSegment = syn;
            lastPacket = SegmentTesterCodec.packet(SegmentTesterCodec.write(syn));
            stray.send(lastPacket, network.node(node).udpAddress(), "SYN " + syn);
        });
    }

    @Then("the tester receives a port unreachable for port {int} quoting that SYN within {int} second(s)")
    public void strayReceivesPortUnreachable(int port, int seconds) {
        world.check(() -> {
            DatagramTester stray = stray();
            Optional<Received> r = stray.receiveMatching(d -> {
                try {
                    TesterCodec.Packet p = TesterCodec.readWellFormed(d.data());
                    return p.nextProtocol() == TesterCodec.PROTOCOL_CONTROL
                            && TesterCodec.readControl(p.payload()) instanceof Unreachable;
                } catch (IllegalArgumentException e) {
                    throw world.failure(Verdict.WRONG, "the node sent a malformed packet (" + e.getMessage() + "): " + d);
                }
            }, bound(seconds));
            if (r.isEmpty()) {
                throw world.failure(Verdict.TIMEOUT, "no unreachable within " + seconds + " s for a SYN to a port nobody "
                        + "listens on [TR-DEMUX-2]; received meanwhile: " + stray.ignored());
            }
            Unreachable u = (Unreachable) TesterCodec.readControl(TesterCodec.read(r.get().data()).payload());
            int quoted = Math.min(TesterCodec.MAX_QUOTED_BYTES, lastPacket.length - 14);
            if (u.code() != TesterCodec.CODE_PORT_UNREACHABLE || u.port() != port
                    || !Arrays.equals(u.invokingPacket(), Arrays.copyOf(lastPacket, quoted))) {
                throw world.failure(Verdict.WRONG, "expected a port unreachable (code 1) for port " + port + " quoting the "
                        + "first " + quoted + " bytes of the SYN's packet " + TesterCodec.hex(lastPacket) + " [TR-DEMUX-2] "
                        + "[DG-CTL-5] [DG-CTL-7], got " + u);
            }
        });
    }

    @When("the tester sends an ACK with ack number {long} to node {string} port {int} from a port with no connection")
    public void strayTesterSendsAck(long ackNum, String node, int port) {
        world.check(() -> {
            int localPort = 49_152 + world.random().nextInt(16_384);
            Segment ack = new Segment(localPort, port, world.random().nextLong() & 0xffffffffL, ackNum,
                    SegmentTesterCodec.ACK, TransportTester.WINDOW, 1, 1, List.of(), new byte[0]);
            lastSegment = ack;
            lastPacket = SegmentTesterCodec.packet(SegmentTesterCodec.write(ack));
            stray().send(lastPacket, network.node(node).udpAddress(), "ACK " + ack);
        });
    }

    @Then("the tester receives an RST with sequence number {long} within {int} second(s)")
    public void strayReceivesRst(long seqNum, int seconds) {
        world.check(() -> {
            DatagramTester stray = stray();
            Optional<Received> r = stray.receiveMatching(d -> segmentIn(d).map(Segment::rst).orElse(false), bound(seconds));
            if (r.isEmpty()) {
                throw world.failure(Verdict.TIMEOUT, "no RST within " + seconds + " s for " + lastSegment
                        + " [TR-DEMUX-3]; received meanwhile: " + stray.ignored());
            }
            Segment rst = segmentIn(r.get()).orElseThrow();
            if (rst.seqNum() != seqNum || rst.syn() || rst.fin() || rst.srcPort() != lastSegment.dstPort()
                    || rst.dstPort() != lastSegment.srcPort()) {
                throw world.failure(Verdict.WRONG, "the RST answering " + lastSegment + " should have seq_num " + seqNum
                        + " and the ports swapped [TR-DEMUX-3], got " + rst);
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void connect(String connector, String listener, int port, Impairment impairment) {
        IutProcess to = network.node(listener);
        IutProcess from = network.node(connector);
        InetSocketAddress address = to.udpAddress();
        if (impairment != null) {
            if (!world.hasRelay()) {
                if (impairment.corruptRate() > 0 && World.config().declares("datagram.stats")) {
                    datagramBaseline = datagramStats(listener);
                    datagramBaselineNode = listener;
                }
                world.startRelay(address, impairment, impairment);
            } else if (!world.relay().target().equals(address)) {
                throw new IllegalStateException("the scenario's relay leads to " + world.relay().target());
            }
            address = world.relay().address();
        }
        JsonNode result = from.call("connect", Map.of("address", "127.0.0.1:" + address.getPort(), "port", port),
                requestTimeout());
        if (!result.path("conn").canConvertToLong() || result.get("conn").asLong() < 0
                || result.path("local_port").asInt(0) < 1 || result.path("local_port").asInt(0) > 65_535) {
            throw world.failure(Verdict.WRONG, "a connect reply carries a conn and a local_port 1..65535 [CF-OP-5]: " + result);
        }
        network.add(new End(connector, result.get("conn").asLong()), result.get("local_port").asInt(), listener, port);
    }

    /** Waits until every link reports {@code open} on both ends (the tester's end opened by hand). */
    private void awaitOpen(List<Link> links, int seconds) {
        long deadline = System.nanoTime() + bound(seconds).toNanos();
        int opened = 0;
        for (Link link : links) {
            for (String node : List.of(link.connector().node(), link.listener())) {
                if (node.equals(TESTER)) {
                    continue;
                }
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                End end = network.end(link, node, left);
                Optional<JsonNode> e = network.awaitEvent(end, ev -> Network.is(ev, "open"),
                        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (e.isEmpty()) {
                    throw world.failure(Verdict.TIMEOUT, end + " did not report its connection open within " + seconds
                            + " s (" + opened + " of " + 2 * links.size() + " ends were open) [TR-OPEN-2] [TR-OPEN-4]; "
                            + "events: " + network.summary(world.process(node), end));
                }
                if (Network.is(e.get(), "closed")) {
                    throw world.failure(Verdict.CLOSED, end + " ended with " + e.get() + " before it opened ("
                            + opened + " of " + 2 * links.size() + " ends were open)");
                }
                network.checkEventOrder(end);
                opened++;
            }
        }
    }

    private void onCurrent(String node, String op) {
        End end = network.end(network.current(), node, bound(5));
        world.process(node).call(op, Map.of("conn", end.conn()), requestTimeout());
    }

    private void awaitClosed(End end, String code, int seconds) {
        Optional<JsonNode> closed = network.awaitEvent(end, e -> Network.is(e, "closed"), bound(seconds));
        if (closed.isEmpty()) {
            throw world.failure(Verdict.TIMEOUT, end + " was not reported closed within " + seconds + " s; events: "
                    + network.summary(world.process(end.node()), end));
        }
        if (!code.equals(closed.get().path("code").asText())) {
            throw world.failure(Verdict.WRONG, end + " should be reported closed with " + code + " [CF-EV-1], got "
                    + closed.get());
        }
        network.checkEventOrder(end);
    }

    private void sendMessageByHand(String text) {
        TransportTester t = network.tester();
        byte[] payload = utf8(text);
        lastSegment = t.sendData(FrameTesterCodec.message(payload), "message \"" + text + "\"");
        Link link = network.testerLink();
        network.recordSent(link, TESTER, new Sent(TESTER, payload.length, TestPattern.sha256Hex(payload),
                "the message \"" + text + "\"", null));
        t.awaitAcknowledgement(bound(5));
    }

    private void sendRst(TransportTester t, long seq, String note) {
        lastSegment = t.segment(SegmentTesterCodec.RST | SegmentTesterCodec.ACK, seq);
        t.sendSegment(lastSegment, note);
    }

    private Segment awaitFromNode(Predicate<Segment> wanted, String what, int seconds) {
        TransportTester t = network.tester();
        Optional<Segment> s = t.awaitSegment(wanted, bound(seconds));
        if (s.isEmpty()) {
            throw world.failure(Verdict.TIMEOUT, "the tester received no " + what + " within " + seconds + " s; "
                    + "the node's last segments: " + last(t.received(), 5) + "; " + t);
        }
        return s.get();
    }

    private void noteDropBaseline(String node) {
        if (World.config().declares("datagram.stats")) {
            dropBaseline = TransportCounters.from(world.process(node).call("stats", Map.of(), requestTimeout()));
        }
    }

    private void awaitTransportDrops(String node, int count, String code, int seconds, boolean noOther) {
        if (dropBaseline == null) {
            throw new IllegalStateException("no transport stats baseline before the tester's segment");
        }
        long deadline = System.nanoTime() + world.scaled(Duration.ofSeconds(Math.max(seconds, 1))).toNanos();
        TransportCounters now;
        while (true) {
            now = TransportCounters.from(world.process(node).call("stats", Map.of(), requestTimeout()));
            boolean ok = now.dropped(code) - dropBaseline.dropped(code) == count;
            if (ok && noOther) {
                for (String other : TransportCounters.FORMAT_CODES) {
                    if (!other.equals(code) && now.dropped(other) != dropBaseline.dropped(other)) {
                        ok = false;
                    }
                }
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw world.failure(Verdict.WRONG, "node " + node + "'s transport stats should count " + count
                        + " more drop(s) as " + code + (noOther ? " and no other format drop" : "")
                        + " [TR-ERR-1] [TR-SEG-6]; before: " + dropBaseline + " now: " + now);
            }
        }
    }

    private NodeStats datagramStats(String node) {
        return NodeStats.from(world.process(node).call("stats", Map.of(), requestTimeout()));
    }

    private DatagramTester stray() {
        if (strayTester == null) {
            strayTester = world.tester();
        }
        return strayTester;
    }

    private Optional<Segment> segmentIn(Received d) {
        try {
            TesterCodec.Packet p = TesterCodec.readWellFormed(d.data());
            if (p.nextProtocol() != TesterCodec.PROTOCOL_TRANSPORT) {
                return Optional.empty();
            }
            return Optional.of(SegmentTesterCodec.read(p.payload()));
        } catch (IllegalArgumentException e) {
            throw world.failure(Verdict.WRONG, "the node sent a malformed packet or segment (" + e.getMessage() + "): " + d);
        }
    }

    private Duration bound(int seconds) {
        return world.scaled(Duration.ofSeconds(seconds));
    }

    private Duration requestTimeout() {
        return world.scaled(World.REQUEST_TIMEOUT);
    }

    private static <T> List<T> last(List<T> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
