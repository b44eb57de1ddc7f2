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
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Steps of the framing layer (spec/framing.md): nodes send messages (test patterns of the adapter
 * contract, so a 16 MiB message never crosses stdin) and the suite checks each {@code message} event
 * against the length and SHA-256 it computes itself; and the tester writes frames by hand on its own
 * connection, cut into segments wherever it likes, or broken on purpose.
 */
public final class FramingSteps {

    private final World world;
    private final Network network;

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
