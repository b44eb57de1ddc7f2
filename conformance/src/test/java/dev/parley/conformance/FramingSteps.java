package dev.parley.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.Network.End;
import dev.parley.conformance.Network.Link;
import dev.parley.conformance.Network.Sent;
import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.conformance.framing.FrameTesterCodec;
import dev.parley.conformance.framing.TestPattern;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.SegmentTesterCodec;
import dev.parley.conformance.transport.SegmentTesterCodec.Segment;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.ParameterType;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.ArrayList;

/**
 * Steps of the framing layer (spec/framing.md): nodes send messages (test patterns of the adapter
 * contract, so a 16 MiB message never crosses stdin) and the suite checks each {@code message} event
 * against the length and SHA-256 it computes itself; and the tester writes frames by hand on its own
 * connection, cut into segments wherever it likes, or broken on purpose.
 */
public final class FramingSteps {

    private final World world;
    private final Network network;
    /** The tester's hand-made connections of the memory scenarios, in the order opened. */
    private final List<Link> handLinks = new ArrayList<>();
    /** The connection of the adapter scenarios, named by the IUT. */
    private long adapterConn = -1;

    public FramingSteps(World world, Network network) {
        this.world = world;
        this.network = network;
    }

    /** {@code 1 MiB}, {@code 256 KiB}, {@code 65537-byte}: a message length in octets. */
    @ParameterType(name = "size", value = "\\d+ MiB|\\d+ KiB|\\d+-byte")
    public Long size(String text) {
        if (text.endsWith(" MiB")) {
            return Long.parseLong(text.substring(0, text.length() - 4)) << 20;
        }
        if (text.endsWith(" KiB")) {
            return Long.parseLong(text.substring(0, text.length() - 4)) << 10;
        }
        return Long.parseLong(text.substring(0, text.length() - "-byte".length()));
    }

    // ---- nodes sending ------------------------------------------------------------------------

    @When("node {string} sends a {size} test pattern with seed {long} on that connection")
    public void sendsPattern(String node, Long length, long seed) {
        world.check(() -> sendPattern(network.current(), node, length, seed));
    }

    @When("node {string} sends the message {string} on that connection")
    public void sendsMessage(String node, String text) {
        world.check(() -> sendBytes(network.current(), node, TransportSteps.utf8(text), "the message \"" + text + "\""));
    }

    @When("node {string} sends an empty message on that connection")
    public void sendsEmpty(String node) {
        world.check(() -> sendBytes(network.current(), node, new byte[0], "the empty message"));
    }

    @When("node {string} sends on that connection, back to back, test patterns of the lengths {string} with seeds counting from {long}")
    public void sendsBackToBack(String node, String lengths, long firstSeed) {
        world.check(() -> {
            long seed = firstSeed;
            for (String length : lengths.split(",\\s*")) {
                sendPattern(network.current(), node, Long.parseLong(length.strip()), seed++);
            }
        });
    }

    @When("node {string} sends on each connection a {size} test pattern whose seed is {long} plus the connection's number")
    public void sendsOnEach(String node, Long length, long base) {
        world.check(() -> {
            List<Link> links = network.links();
            for (int i = 0; i < links.size(); i++) {
                sendPattern(links.get(i), node, length, base + i);
            }
        });
    }

    // ---- nodes receiving ----------------------------------------------------------------------

    @Then("node {string} receives it intact within {int} second(s)")
    public void receivesIt(String node, int seconds) {
        world.check(() -> {
            Link link = network.current();
            List<Sent> expected = network.sentTo(link, node);
            if (expected.isEmpty()) {
                throw new IllegalStateException("nothing was sent to node " + node + " on " + link);
            }
            awaitIntact(link, node, expected.size() - 1, seconds);
        });
    }

    @Then("node {string} receives the message {string} on that connection within {int} second(s)")
    public void receivesMessage(String node, String text, int seconds) {
        world.check(() -> {
            String what = "the message \"" + text + "\"";
            if (network.sentTo(network.current(), node).stream().noneMatch(sent -> sent.what().equals(what))) {
                throw new IllegalStateException("the scenario sent no " + what + " to node " + node);
            }
            receivesAll(node, seconds);
        });
    }

    @Then("node {string} receives an empty message on that connection within {int} second(s)")
    public void receivesEmpty(String node, int seconds) {
        world.check(() -> {
            receivesAll(node, seconds);
            End end = network.end(network.current(), node, bound(seconds));
            JsonNode last = network.messages(end).get(network.messages(end).size() - 1);
            if (last.has("data") && !last.get("data").asText().isEmpty()) {
                throw world.failure(Verdict.WRONG, "an empty message's event carries \"data\": \"\" [CF-EV-1]: " + last);
            }
        });
    }

    @Then("node {string} receives every message sent to it on that connection, intact and in order, within {int} seconds")
    public void receivesEveryMessage(String node, int seconds) {
        world.check(() -> receivesAll(node, seconds));
    }

    @Then("node {string} has received exactly {int} message(s) on that connection")
    public void receivedExactly(String node, int count) {
        world.check(() -> {
            End end = network.end(network.current(), node, bound(1));
            List<JsonNode> messages = network.messages(end);
            if (messages.size() != count) {
                throw world.failure(Verdict.WRONG, end + " should have reported exactly " + count + " message(s) "
                        + "[FR-ERR-1], it reported " + messages.size() + ": "
                        + network.summary(world.process(node), end));
            }
        });
    }

    @Then("each connection delivers the test patterns sent on it intact on both nodes within {int} seconds")
    public void eachConnectionDelivers(int seconds) {
        world.check(() -> {
            long deadline = System.nanoTime() + bound(seconds).toNanos();
            for (Link link : network.links()) {
                for (String node : List.of(link.listener(), link.connector().node())) {
                    List<Sent> expected = network.sentTo(link, node);
                    if (expected.isEmpty()) {
                        continue;
                    }
                    int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                    awaitAllMillis(link, node, left);
                }
            }
        });
    }

    // ---- the tester writing frames ------------------------------------------------------------

    @When("the tester sends {int} messages of random lengths from 0 to {int} bytes as one stream cut into segments of 1 to {int} bytes")
    public void testerSendsCutStream(int count, int maxLength, int maxSegment) {
        world.check(() -> {
            TransportTester t = network.tester();
            Link link = network.testerLink();
            SplittableRandom random = world.random().split();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                byte[] message = new byte[random.nextInt(maxLength + 1)];
                random.nextBytes(message);
                stream.writeBytes(FrameTesterCodec.message(message));
                network.recordSent(link, Network.TESTER, new Sent(Network.TESTER, message.length,
                        TestPattern.sha256Hex(message), "random message #" + (i + 1) + " of " + message.length + " bytes",
                        null));
            }
            byte[] bytes = stream.toByteArray();
            if (bytes.length > t.peerWindow() / 2) {
                throw new IllegalStateException("the stream of " + bytes.length + " bytes does not fit half the node's "
                        + "window; the tester does no flow control");
            }
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(maxSegment));
                t.sendData(Arrays.copyOfRange(bytes, at, at + n), "stream bytes " + at + ".." + (at + n));
                at += n;
            }
            t.awaitAcknowledgement(bound(10));
        });
    }

    @When("the tester sends a frame of type {int} with payload {string}")
    public void testerSendsFrameOfType(int type, String text) {
        world.check(() -> {
            TransportTester t = network.tester();
            t.sendData(FrameTesterCodec.frame(type, TransportSteps.utf8(text)), "frame of type " + type);
        });
    }

    @When("the tester sends a message frame header announcing {long} bytes")
    public void testerSendsHeader(long announced) {
        world.check(() -> {
            TransportTester t = network.tester();
            t.sendData(FrameTesterCodec.header(FrameTesterCodec.MESSAGE, announced), "header announcing " + announced);
        });
    }

    @When("the tester sends a message frame announcing {int} bytes with only {int} of them, then a FIN")
    public void testerSendsTruncatedFrame(int announced, int present) {
        world.check(() -> {
            TransportTester t = network.tester();
            byte[] header = FrameTesterCodec.header(FrameTesterCodec.MESSAGE, announced);
            byte[] partial = new byte[FrameTesterCodec.HEADER_LENGTH + present];
            System.arraycopy(header, 0, partial, 0, header.length);
            Arrays.fill(partial, header.length, partial.length, (byte) 'x');
            t.sendData(partial, "a frame cut short");
            t.awaitAcknowledgement(bound(5));
            Segment fin = t.segment(SegmentTesterCodec.ACK | SegmentTesterCodec.FIN, t.sndNxt());
            t.sendSegment(fin, "FIN");
            t.retransmitUntilAcknowledged(fin);
            t.advance(1);
        });
    }

    @Then("node {string} has not reported the tester's connection peer-closed")
    public void notPeerClosed(String node) {
        world.check(() -> {
            End end = network.end(network.testerLink(), node, bound(1));
            Optional<JsonNode> peerClosed = network.events(end).stream().filter(e -> Network.is(e, "peer_closed"))
                    .findFirst();
            if (peerClosed.isPresent()) {
                throw world.failure(Verdict.WRONG, "a FIN inside a frame is no orderly close: node " + node
                        + " must not report peer_closed [FR-ERR-2] [CF-EV-1]: " + network.summary(world.process(node), end));
            }
        });
    }

    // ---- the sender's own limit ---------------------------------------------------------------

    @Then("node {string} refuses to send a {size} test pattern on that connection with {word}")
    public void refusesToSend(String node, Long length, String code) {
        world.check(() -> {
            End end = network.end(network.current(), node, bound(5));
            IutProcess.Reply reply = world.process(node).request("send",
                    Map.of("conn", end.conn(), "length", length, "seed", 1), bound(5));
            if (reply.ok() || !code.equals(reply.errorCode())) {
                throw world.failure(Verdict.WRONG, "node " + node + " should refuse to send a message of " + length
                        + " bytes, longer than its own limit, with " + code + " [FR-LEN-4] [CF-OP-6]; the reply was: "
                        + reply.line());
            }
        });
    }

    // ---- the memory budget --------------------------------------------------------------------

    @Given("node {string} is running with a memory budget of {size}")
    public void nodeWithMemoryBudget(String node, Long bytes) {
        world.check(() -> {
            network.maxMemory(node, bytes);
            network.node(node);
        });
    }

    @When("the tester opens {int} connections to node {string} port {int} by hand, and on each sends a message frame header announcing {long} bytes and {size} of its payload")
    public void testerSendsPartialFrames(int count, String node, int port, long announced, Long payload) {
        world.check(() -> {
            IutProcess process = network.node(node);
            SplittableRandom random = world.random().split();
            for (int i = 0; i < count; i++) {
                int localPort = 49_152 + random.nextInt(16_384);
                long iss = random.nextLong() & 0xffffffffL;
                TransportTester t = new TransportTester(world.newTester(), process.udpAddress(), localPort, iss,
                        world.scaled(Duration.ofMillis(300)));
                t.open(port, bound(5));
                handLinks.add(network.add(new End(Network.TESTER, -1), localPort, node, port));
                t.sendData(FrameTesterCodec.header(FrameTesterCodec.MESSAGE, announced), "header announcing " + announced);
                sendPartialPayload(t, payload, random);
            }
        });
    }

    /**
     * Sends {@code length} payload bytes in rounds of 32 segments, each round acknowledged before the next (the
     * tester's flow control); stops early when the node resets the connection [FR-MEM-2].
     */
    private void sendPartialPayload(TransportTester t, long length, SplittableRandom random) {
        long sent = 0;
        while (sent < length) {
            for (int k = 0; k < 32 && sent < length; k++) {
                byte[] chunk = new byte[(int) Math.min(1000, length - sent)];
                random.nextBytes(chunk);
                t.sendData(chunk, "payload bytes " + sent + ".." + (sent + chunk.length));
                sent += chunk.length;
            }
            long target = t.sndNxt();
            Optional<Segment> answer = t.awaitSegment(seg -> seg.rst()
                    || (seg.ack() && !SegmentTesterCodec.before(seg.ackNum(), target)), bound(2));
            if (answer.isPresent() && answer.get().rst()) {
                return;
            }
            if (answer.isEmpty()) {
                t.awaitAcknowledgement(bound(10));
            }
        }
    }

    @Then("node {string} ends at least one of those connections with FR_MEMORY within {int} seconds, ends none of them otherwise, and keeps at least one open")
    public void endsForMemory(String node, int seconds) {
        world.check(() -> {
            IutProcess process = world.process(node);
            long deadline = System.nanoTime() + bound(seconds).toNanos();
            List<End> ends = new ArrayList<>();
            for (Link link : handLinks) {
                ends.add(network.end(link, node, bound(seconds)));
            }
            while (ends.stream().noneMatch(e -> network.closed(e).map(c -> c.path("code").asText()).orElse("")
                    .equals("FR_MEMORY"))) {
                if (System.nanoTime() - deadline > 0) {
                    throw world.failure(Verdict.TIMEOUT, "node " + node + " held partial frames on " + ends.size()
                            + " connections beyond its memory budget and ended none with FR_MEMORY [FR-MEM-2]: "
                            + summaries(process, ends));
                }
                process.awaitEvent(e -> Network.is(e, "closed"), Duration.ofMillis(100));
            }
            int open = 0;
            for (End end : ends) {
                Optional<JsonNode> closed = network.closed(end);
                if (closed.isEmpty()) {
                    open++;
                } else if (!closed.get().path("code").asText().equals("FR_MEMORY")) {
                    throw world.failure(Verdict.WRONG, "a connection holding a partial frame may end only with FR_MEMORY "
                            + "here [FR-MEM-2], node " + node + " reported " + closed.get() + ": " + summaries(process, ends));
                }
            }
            if (open == 0) {
                throw world.failure(Verdict.WRONG, "node " + node + " ended every connection; it must end no more than "
                        + "needed to keep within its budget, and the one that asks last never needs to end all [FR-MEM-2]: "
                        + summaries(process, ends));
            }
        });
    }

    private String summaries(IutProcess process, List<End> ends) {
        StringBuilder out = new StringBuilder();
        for (End end : ends) {
            out.append("\n  ").append(network.summary(process, end));
        }
        return out.toString();
    }

    @Then("node {string} still answers an echo request and the stats op within {int} seconds")
    public void stillAnswers(String node, int seconds) {
        world.check(() -> {
            IutProcess process = world.process(node);
            process.call("stats", Map.of(), bound(seconds));
            byte[] data = TransportSteps.utf8("still here");
            var tester = world.newTester();
            tester.sendEchoRequest(process.udpAddress(), 4242, 1, data, dev.parley.conformance.datagram.Faults.of());
            byte[] expected = TesterCodec.packet(TesterCodec.PROTOCOL_CONTROL,
                    TesterCodec.echo(TesterCodec.ECHO_REPLY, 0, 4242, 1, data));
            if (tester.receiveMatching(r -> Arrays.equals(r.data(), expected), bound(seconds)).isEmpty()) {
                throw world.failure(Verdict.TIMEOUT, "node " + node + " did not answer an echo request within " + seconds
                        + " s after its memory budget was reached: a node must stay responsive [FR-MEM-2] [FR-MEM-3]");
            }
        });
    }

    // ---- the adapter contract's connection ops ------------------------------------------------

    @Then("node {string} refuses a second listen on port {int} with {word}")
    public void refusesSecondListen(String node, int port, String code) {
        world.check(() -> {
            IutProcess.Reply reply = world.process(node).request("listen", Map.of("port", port), bound(5));
            if (reply.ok() || !code.equals(reply.errorCode())) {
                throw world.failure(Verdict.WRONG, "a second listen on port " + port + " should fail with " + code
                        + " [CF-OP-7], the reply was: " + reply.line());
            }
        });
    }

    @When("node {string} connects to a peer that never answers, on port {int}")
    public void connectsToSilentPeer(String node, int port) {
        world.check(() -> {
            var silent = world.newTester();
            JsonNode result = network.node(node).call("connect", Map.of("address",
                    "127.0.0.1:" + silent.address().getPort(), "port", port), bound(5));
            adapterConn = result.path("conn").asLong(-1);
        });
    }

    @When("node {string} closes that connection at once")
    public void closesAtOnce(String node) {
        world.check(() -> world.process(node).call("close", Map.of("conn", adapterConn), bound(5)));
    }

    @Then("node {string} reports that connection closed with {word} within {int} second(s), and no open event")
    public void closedWithoutOpen(String node, String code, int seconds) {
        world.check(() -> {
            IutProcess process = world.process(node);
            Optional<JsonNode> closed = process.awaitEvent(e -> Network.is(e, "closed")
                    && e.path("conn").asLong(-2) == adapterConn, bound(seconds));
            if (closed.isEmpty() || !code.equals(closed.get().path("code").asText())) {
                throw world.failure(closed.isEmpty() ? Verdict.TIMEOUT : Verdict.WRONG, "connection " + adapterConn
                        + " should end with " + code + " [TR-CLOSE-7] [FR-CLOSE-1], got: " + closed.orElse(null));
            }
            if (process.awaitEvent(e -> Network.is(e, "open") && e.path("conn").asLong(-2) == adapterConn,
                    Duration.ZERO).isPresent()) {
                throw world.failure(Verdict.WRONG, "connection " + adapterConn + " was closed before it opened and must "
                        + "report no open event [CF-EV-1]");
            }
        });
    }

    @Then("node {string} answers a send on that connection with {word}")
    public void answersSendWith(String node, String code) {
        world.check(() -> {
            IutProcess.Reply reply = world.process(node).request("send",
                    Map.of("conn", adapterConn, "data", "00"), bound(5));
            if (reply.ok() || !code.equals(reply.errorCode())) {
                throw world.failure(Verdict.WRONG, "a send on connection " + adapterConn + " after its closed event "
                        + "should fail with " + code + " [CF-OP-5], the reply was: " + reply.line());
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void sendPattern(Link link, String node, long length, long seed) {
        TestPattern pattern = new TestPattern(seed, length);
        End end = network.end(link, node, bound(15));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("conn", end.conn());
        fields.put("length", length);
        fields.put("seed", seed);
        IutProcess.PendingRequest request = world.process(node).submit("send", fields);
        network.recordSent(link, node, new Sent(node, length, pattern.sha256Hex(), "the " + pattern, request));
    }

    private void sendBytes(Link link, String node, byte[] message, String what) {
        End end = network.end(link, node, bound(15));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("conn", end.conn());
        fields.put("data", TesterCodec.hex(message));
        IutProcess.PendingRequest request = world.process(node).submit("send", fields);
        network.recordSent(link, node, new Sent(node, message.length, TestPattern.sha256Hex(message), what, request));
    }

    private void receivesAll(String node, int seconds) {
        awaitAllMillis(network.current(), node, (int) bound(seconds).toMillis());
    }

    /** Waits for every message sent toward {@code node} on {@code link}; exactly those, in order. */
    private void awaitAllMillis(Link link, String node, int millis) {
        List<Sent> expected = network.sentTo(link, node);
        long deadline = System.nanoTime() + millis * 1_000_000L;
        End end = network.end(link, node, Duration.ofMillis(millis));
        List<JsonNode> messages = network.awaitMessages(end, expected.size(),
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (messages.size() > expected.size()) {
            throw world.failure(Verdict.WRONG, end + " reported " + messages.size() + " messages, " + expected.size()
                    + " were sent [FR-DELIV-1] [TR-DATA-3]: " + network.summary(world.process(node), end));
        }
        for (int i = 0; i < expected.size(); i++) {
            network.checkMessage(end, i, messages.get(i), expected.get(i));
        }
        network.checkEventOrder(end);
        for (Sent sent : expected) {
            checkSendReply(sent, Duration.ofNanos(Math.max(deadline - System.nanoTime(), bound(5).toNanos())));
        }
    }

    private void awaitIntact(Link link, String node, int index, int seconds) {
        List<Sent> expected = network.sentTo(link, node);
        End end = network.end(link, node, bound(seconds));
        long deadline = System.nanoTime() + bound(seconds).toNanos();
        List<JsonNode> messages = network.awaitMessages(end, index + 1, bound(seconds));
        for (int i = 0; i <= index; i++) {
            network.checkMessage(end, i, messages.get(i), expected.get(i));
        }
        network.checkEventOrder(end);
        checkSendReply(expected.get(index), Duration.ofNanos(Math.max(deadline - System.nanoTime(), bound(5).toNanos())));
    }

    /** The sender's reply to a send that arrived: ok, with the length and SHA-256 of what it sent [CF-PAT-1]. */
    private void checkSendReply(Sent sent, Duration bound) {
        if (sent.request() == null) {
            return;
        }
        IutProcess.Reply reply = sent.request().await(bound);
        JsonNode result = reply.result();
        if (!reply.ok() || result == null || result.path("length").asLong(-1) != sent.length()
                || !result.path("sha256").asText("").equalsIgnoreCase(sent.sha256())) {
            throw world.failure(Verdict.WRONG, "node " + sent.sender() + "'s reply to sending " + sent.what()
                    + " should be ok with length " + sent.length() + " and sha256 " + sent.sha256()
                    + " [CF-PAT-1] [CF-OP-6], was: " + reply.line());
        }
    }

    private Duration bound(int seconds) {
        return world.scaled(Duration.ofSeconds(seconds));
    }
}
