package dev.parley.conformance;

import static dev.parley.conformance.datagram.TesterCodec.hex;

import dev.parley.conformance.datagram.DatagramFuzzer;
import dev.parley.conformance.datagram.DatagramTester;
import dev.parley.conformance.datagram.DatagramTester.Received;
import dev.parley.conformance.datagram.DropCode;
import dev.parley.conformance.datagram.Faults;
import dev.parley.conformance.datagram.NodeStats;
import dev.parley.conformance.datagram.ReceiveOracle;
import dev.parley.conformance.datagram.TesterCodec;
import dev.parley.conformance.datagram.TesterCodec.Control;
import dev.parley.conformance.datagram.TesterCodec.Echo;
import dev.parley.conformance.datagram.TesterCodec.Unreachable;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.relay.Direction;
import dev.parley.conformance.relay.Impairment;
import dev.parley.conformance.relay.ImpairmentRelay;
import dev.parley.conformance.relay.RelayCounts;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.ParameterType;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Steps of the datagram layer (spec/datagram.md): the tester sends packets, well-formed or broken
 * on purpose, straight to the node or through the impairment relay, and checks the node's replies
 * on the wire and its counters through the {@code stats} op. A check accepts any harmless traffic
 * around what it waits for, and fails with a verdict naming what was wrong.
 */
public final class DatagramSteps {

    private static final Duration STATS_SETTLE = Duration.ofSeconds(3);
    private static final int FUZZ_BURST = 64;

    private final World world;
    private NodeStats baseline;
    private byte[] lastRequest;
    private Received lastReply;
    private Unreachable lastUnreachable;
    private final Map<Integer, byte[]> requestsBySequence = new LinkedHashMap<>();
    private final List<Received> repliesReceived = new ArrayList<>();
    private long burstStartNanos;
    private long burstEndNanos;
    private int burstSize;
    private NodeStats fuzzBefore;
    private long fuzzSent;
    private final Map<DropCode, Long> fuzzExpectedDrops = new EnumMap<>(DropCode.class);
    private long fuzzExpectedControl;

    public DatagramSteps(World world) {
        this.world = world;
    }

    @ParameterType(name = "faults", value = Faults.PHRASES)
    public Faults faults(String text) {
        return Faults.parse(text);
    }

    // ---- sending ------------------------------------------------------------------------------

    @When("the tester sends an echo request with identifier {int}, sequence {int} and data {string}")
    public void sendEcho(int identifier, int sequence, String data) {
        sendEcho(identifier, sequence, data, Faults.of());
    }

    @When("the tester sends an echo request with identifier {int}, sequence {int} and data {string} {faults}")
    public void sendEcho(int identifier, int sequence, String data, Faults faults) {
        world.check(() -> {
            noteBaseline();
            lastRequest = world.tester().sendEchoRequest(node(), identifier, sequence, utf8(data), faults);
        });
    }

    @When("the tester sends an echo request with identifier {int}, sequence {int} and {int} bytes of random data")
    public void sendEchoWithRandomData(int identifier, int sequence, int length) {
        world.check(() -> {
            noteBaseline();
            byte[] data = new byte[length];
            world.random().nextBytes(data);
            lastRequest = world.tester().sendEchoRequest(node(), identifier, sequence, data, Faults.of());
        });
    }

    @When("the tester sends a well-formed packet with next protocol {int} and a {int}-byte payload")
    public void sendPacketForProtocol(int protocol, int payloadLength) {
        world.check(() -> {
            noteBaseline();
            byte[] payload = new byte[payloadLength];
            world.random().nextBytes(payload);
            lastRequest = TesterCodec.packet(protocol, payload);
            world.tester().send(lastRequest, node(), "protocol " + protocol);
        });
    }

    @When("the tester sends a control packet with payload {string}")
    public void sendControlPayload(String payloadHex) {
        world.check(() -> {
            noteBaseline();
            lastRequest = TesterCodec.packet(TesterCodec.PROTOCOL_CONTROL, TesterCodec.unhex(payloadHex));
            world.tester().send(lastRequest, node(), "control payload");
        });
    }

    // ---- replies ------------------------------------------------------------------------------

    @Then("the tester receives an echo reply with identifier {int}, sequence {int} and data {string} within {int} second(s)")
    public void receiveEcho(int identifier, int sequence, String data, int seconds) {
        world.check(() -> expectEchoReply(world.tester(), identifier, sequence, utf8(data), seconds));
    }

    @Then("the tester receives an echo reply that copies that request within {int} second(s)")
    public void receiveEchoCopy(int seconds) {
        world.check(() -> {
            Echo request = (Echo) TesterCodec.readControl(TesterCodec.read(lastRequest).payload());
            expectEchoReply(world.tester(), request.identifier(), request.sequenceNumber(), request.data(), seconds);
        });
    }

    @Then("the echo reply has the same size as the request")
    public void echoReplySameSize() {
        world.check(() -> {
            if (lastReply.data().length != lastRequest.length) {
                throw world.failure(Verdict.WRONG, "echo reply has " + lastReply.data().length
                        + " bytes, the request had " + lastRequest.length + " [DG-CTL-3]");
            }
        });
    }

    @Then("the node answers an echo request with identifier {int}, sequence {int} and data {string} within {int} second(s)")
    public void nodeAnswersEcho(int identifier, int sequence, String data, int seconds) {
        world.check(() -> {
            world.tester().sendEchoRequest(node(), identifier, sequence, utf8(data), Faults.of());
            expectEchoReply(world.tester(), identifier, sequence, utf8(data), seconds);
        });
    }

    @Then("the node answers an echo request from a new tester with identifier {int}, sequence {int} and data {string} within {int} second(s)")
    public void nodeAnswersEchoFromNewTester(int identifier, int sequence, String data, int seconds) {
        world.check(() -> {
            DatagramTester fresh = world.newTester();
            fresh.sendEchoRequest(node(), identifier, sequence, utf8(data), Faults.of());
            expectEchoReply(fresh, identifier, sequence, utf8(data), seconds);
        });
    }

    @Then("the tester receives no reply within {int} second(s)")
    public void receiveNothing(int seconds) {
        world.check(() -> {
            Optional<Received> any = world.tester().receive(world.scaled(Duration.ofSeconds(seconds)));
            if (any.isPresent()) {
                throw world.failure(Verdict.WRONG, "expected no reply [DG-DROP-1] [DG-CTL-9], got " + describe(any.get()));
            }
        });
    }

    @Then("the tester receives a protocol unreachable within {int} second(s)")
    public void receiveProtocolUnreachable(int seconds) {
        world.check(() -> {
            Received r = awaitControl(world.tester(), node(), c -> c instanceof Unreachable, "unreachable", seconds);
            Unreachable u = (Unreachable) control(r);
            if (u.code() != TesterCodec.CODE_PROTOCOL_UNREACHABLE) {
                throw world.failure(Verdict.WRONG, "expected unreachable code 0 (protocol unreachable), got " + u);
            }
            if (u.port() != 0) {
                throw world.failure(Verdict.WRONG, "a protocol unreachable carries port 0, got " + u);
            }
            lastReply = r;
            lastUnreachable = u;
        });
    }

    @Then("the unreachable quotes the first {int} bytes of that packet")
    public void unreachableQuotes(int quoted) {
        world.check(() -> {
            byte[] invoking = lastUnreachable.invokingPacket();
            byte[] expected = Arrays.copyOf(lastRequest, quoted);
            if (!Arrays.equals(invoking, expected)) {
                throw world.failure(Verdict.WRONG, "the unreachable should quote the first " + quoted
                        + " bytes of the packet (" + hex(expected) + "), it quotes " + invoking.length + ": "
                        + hex(invoking) + " [DG-CTL-5]");
            }
        });
    }

    @Then("the unreachable is no larger than that packet")
    public void unreachableNoLarger() {
        world.check(() -> {
            if (lastReply.data().length > lastRequest.length) {
                throw world.failure(Verdict.WRONG, "the unreachable has " + lastReply.data().length
                        + " bytes, more than the " + lastRequest.length + "-byte packet that caused it");
            }
        });
    }

    // ---- stats --------------------------------------------------------------------------------

    @Then("the node's stats show {int} datagram(s) received, {int} dropped as {word} and no other drop")
    public void statsShowDrop(int received, int dropped, String code) {
        world.check(() -> {
            DropCode expectedCode = DropCode.valueOf(code);
            awaitStats("%d received, %d dropped as %s and no other drop".formatted(received, dropped, code), now -> {
                if (now.received() - baseline.received() != received) {
                    return false;
                }
                for (DropCode c : DropCode.values()) {
                    long delta = now.dropped(c) - baseline.dropped(c);
                    if (delta != (c == expectedCode ? dropped : 0)) {
                        return false;
                    }
                }
                return true;
            });
        });
    }

    @Then("the node's stats show {int} datagram(s) received and no drop")
    public void statsShowNoDrop(int received) {
        world.check(() -> awaitStats(received + " received and no drop", now -> {
            if (now.received() - baseline.received() != received) {
                return false;
            }
            for (DropCode c : DropCode.values()) {
                if (now.dropped(c) != baseline.dropped(c)) {
                    return false;
                }
            }
            return true;
        }));
    }

    @Then("the node's stats show {int} delivered to control")
    public void statsShowDeliveredToControl(int count) {
        world.check(() -> awaitStats(count + " delivered to control",
                now -> now.delivered("control") - baseline.delivered("control") == count));
    }

    @Then("the node's stats show {int} unreachable(s) sent")
    public void statsShowUnreachables(int count) {
        world.check(() -> awaitStats(count + " unreachable sent",
                now -> now.unreachableSent() - baseline.unreachableSent() == count));
    }

    @Then("the node's stats show {int} echo reply/replies sent")
    public void statsShowEchoReplies(int count) {
        world.check(() -> awaitStats(count + " echo replies sent",
                now -> now.echoRepliesSent() - baseline.echoRepliesSent() == count));
    }

    @Then("the node's stats add up: every datagram received was delivered or dropped by a datagram check")
    public void statsAddUp() {
        world.check(() -> awaitStats("received = sum of delivered + sum of DG_* drops [DG-STAT-1]",
                now -> now.received() == now.deliveries() + now.datagramDrops()));
    }

    // ---- rate limiting ------------------------------------------------------------------------

    @When("the tester sends {int} echo requests with identifier {int} as fast as it can")
    public void sendBurst(int count, int identifier) {
        world.check(() -> {
            noteBaseline();
            requestsBySequence.clear();
            repliesReceived.clear();
            burstSize = count;
            burstStartNanos = System.nanoTime();
            for (int seq = 0; seq < count; seq++) {
                byte[] request = TesterCodec.echoRequest(identifier, seq, utf8("burst " + seq));
                requestsBySequence.put(seq, request);
                world.tester().send(request, node());
            }
            List<Received> replies = world.tester().receiveFor(world.scaled(Duration.ofMillis(500)), count * 2);
            repliesReceived.addAll(replies);
            burstEndNanos = replies.isEmpty() ? System.nanoTime() : replies.get(replies.size() - 1).atNanos();
        });
    }

    @Then("the node answers at least {int} of them and at most {int} plus {int} per second of elapsed time")
    public void rateLimited(int atLeast, int burst, int perSecond) {
        world.check(() -> {
            int answered = exactEchoes(repliesReceived, node(), false).size();
            double seconds = (burstEndNanos - burstStartNanos) / 1e9;
            long allowance = burst + (long) Math.ceil(perSecond * seconds) + 1;
            if (answered < Math.min(atLeast, burstSize)) {
                throw world.failure(Verdict.WRONG, "only " + answered + " of " + burstSize
                        + " echo requests were answered; a fresh endpoint's burst allows " + atLeast);
            }
            if (answered > allowance) {
                throw world.failure(Verdict.WRONG, answered + " of " + burstSize + " echo requests were answered in "
                        + String.format("%.3f", seconds) + " s; a bucket of " + burst + " refilled at " + perSecond
                        + "/s allows at most " + allowance + " [DG-RATE-1]");
            }
        });
    }

    @Then("the node's stats count every unanswered request as rate limited")
    public void unansweredAreRateLimited() {
        world.check(() -> {
            int answered = exactEchoes(repliesReceived, node(), false).size();
            awaitStats((burstSize - answered) + " more rate limited and " + answered + " more echo replies sent",
                    now -> now.rateLimited() - baseline.rateLimited() == burstSize - answered
                            && now.echoRepliesSent() - baseline.echoRepliesSent() == answered);
        });
    }

    // ---- impairment relay ---------------------------------------------------------------------

    @Given("an impairment relay between the tester and the node that does:")
    public void impairmentRelay(DataTable table) {
        world.check(() -> {
            Map<Direction, Impairment> byDirection = new EnumMap<>(Direction.class);
            for (Map<String, String> row : table.asMaps()) {
                Direction direction = switch (row.get("direction")) {
                    case "to the node" -> Direction.TO_TARGET;
                    case "from the node" -> Direction.FROM_TARGET;
                    default -> throw new IllegalArgumentException("direction must be 'to the node' or 'from the node', "
                            + "was '" + row.get("direction") + "'");
                };
                Impairment impairment = Impairment.none()
                        .withLoss(rate(row, "loss"))
                        .withReordering(rate(row, "reordering"))
                        .withDuplication(rate(row, "duplication"))
                        .withCorruption(rate(row, "corruption"));
                byDirection.put(direction, impairment);
            }
            world.startRelay(byDirection.getOrDefault(Direction.TO_TARGET, Impairment.none()),
                    byDirection.getOrDefault(Direction.FROM_TARGET, Impairment.none()));
        });
    }

    @When("the tester sends {int} echo requests with identifier {int} through the relay, one every {int} milliseconds")
    public void sendThroughRelay(int count, int identifier, int intervalMillis) {
        world.check(() -> {
            noteBaseline();
            ImpairmentRelay relay = world.relay();
            DatagramTester tester = world.tester();
            SplittableRandom random = world.random().split();
            requestsBySequence.clear();
            repliesReceived.clear();
            long interval = Duration.ofMillis(intervalMillis).toNanos();
            long start = System.nanoTime();
            for (int seq = 0; seq < count; seq++) {
                byte[] data = new byte[8 + random.nextInt(57)];
                random.nextBytes(data);
                byte[] request = TesterCodec.echoRequest(identifier, seq, data);
                requestsBySequence.put(seq, request);
                tester.send(request, relay.address());
                long nextAt = start + (seq + 1) * interval;
                for (long left = nextAt - System.nanoTime(); left > 0; left = nextAt - System.nanoTime()) {
                    tester.receive(Duration.ofNanos(left)).ifPresent(repliesReceived::add);
                }
            }
            // Wait for stragglers: until every request is answered, or nothing came for a while.
            Duration quiet = world.scaled(Duration.ofMillis(400));
            long deadline = System.nanoTime() + world.scaled(Duration.ofSeconds(3)).toNanos();
            while (repliesReceived.size() < count && System.nanoTime() - deadline < 0) {
                Optional<Received> next = tester.receive(quiet);
                if (next.isEmpty()) {
                    break;
                }
                repliesReceived.add(next.get());
            }
        });
    }

    @Then("every echo reply the tester received is an exact echo of a request it sent")
    public void everyReplyExact() {
        world.check(() -> exactEchoes(repliesReceived, world.relay().address(), true));
    }

    @Then("the tester received replies to at least {int}% of its requests")
    public void shareAnswered(int percent) {
        world.check(() -> {
            int answered = exactEchoes(repliesReceived, world.relay().address(), true).size();
            int sent = requestsBySequence.size();
            if (answered * 100L < (long) percent * sent) {
                throw world.failure(Verdict.WRONG, "only " + answered + " of " + sent
                        + " echo requests were answered through the relay, fewer than " + percent + "%");
            }
        });
    }

    @Then("the relay lost and held back datagrams in each direction, and some arrived out of order")
    public void relayImpaired() {
        world.check(() -> {
            for (Direction d : Direction.values()) {
                RelayCounts c = world.relay().counts(d);
                if (c.lost() == 0 || c.heldBack() == 0 || c.outOfOrder() == 0) {
                    throw world.failure(Verdict.WRONG, "the relay did not impair " + d + " as configured (" + c
                            + "); the scenario tested less than it claims");
                }
            }
        });
    }

    @Then("the node's stats count every datagram the relay corrupted as dropped, and delivered the rest")
    public void corruptedAreDropped() {
        world.check(() -> {
            RelayCounts toNode = world.relay().counts(Direction.TO_TARGET);
            if (toNode.corrupted() == 0) {
                throw world.failure(Verdict.WRONG, "the relay corrupted nothing (" + toNode + ")");
            }
            awaitStats(toNode.forwarded() + " received, " + toNode.corrupted() + " dropped by the datagram checks, "
                    + (toNode.forwarded() - toNode.corrupted()) + " delivered to control",
                    now -> now.received() - baseline.received() == toNode.forwarded()
                            && now.datagramDrops() - baseline.datagramDrops() == toNode.corrupted()
                            && now.delivered("control") - baseline.delivered("control")
                            == toNode.forwarded() - toNode.corrupted());
        });
    }

    // ---- fuzzing ------------------------------------------------------------------------------

    @When("the tester throws {int} seeded datagrams at the node: random bytes of 0 to {int} bytes, and one in {int} a mutated valid packet")
    public void fuzz(int count, int maxLength, int mutatedOneIn) {
        world.check(() -> {
            fuzzBefore = stats();
            baseline = fuzzBefore;
            ReceiveOracle oracle = new ReceiveOracle(world.maxPacket(), Set.of(TesterCodec.PROTOCOL_CONTROL));
            DatagramFuzzer fuzzer = new DatagramFuzzer(world.random().split(), maxLength, mutatedOneIn, world.maxPacket());
            DatagramTester tester = world.tester();
            fuzzExpectedDrops.clear();
            fuzzExpectedControl = 0;
            for (int i = 0; i < count; i++) {
                byte[] datagram = fuzzer.next();
                ReceiveOracle.Fate fate = oracle.classify(datagram);
                if (fate.drop().isPresent()) {
                    fuzzExpectedDrops.merge(fate.drop().get(), 1L, Long::sum);
                } else {
                    fuzzExpectedControl++;
                }
                tester.send(datagram, node());
                if ((i + 1) % FUZZ_BURST == 0 || i + 1 == count) {
                    awaitReceived(fuzzBefore.received() + i + 1);
                }
            }
            fuzzSent = count;
            tester.drain();
        });
    }

    @Then("the node's stats count every datagram thrown as received")
    public void fuzzReceived() {
        world.check(() -> awaitStats(fuzzSent + " more received",
                now -> now.received() - fuzzBefore.received() == fuzzSent));
    }

    @Then("the node's stats drop every one of them under the code the receive checks assign")
    public void fuzzAccounted() {
        world.check(() -> {
            NodeStats now = stats();
            List<String> wrong = new ArrayList<>();
            for (DropCode code : DropCode.values()) {
                if (!code.isDatagramCheck()) {
                    continue;
                }
                long expected = fuzzExpectedDrops.getOrDefault(code, 0L);
                long counted = now.dropped(code) - fuzzBefore.dropped(code);
                if (counted != expected) {
                    wrong.add(code + ": counted " + counted + ", expected " + expected);
                }
            }
            long control = now.delivered("control") - fuzzBefore.delivered("control");
            if (control != fuzzExpectedControl) {
                wrong.add("delivered control: counted " + control + ", expected " + fuzzExpectedControl);
            }
            if (!wrong.isEmpty()) {
                throw world.failure(Verdict.WRONG, "after " + fuzzSent + " datagrams the drop counters disagree with "
                        + "the receive checks [DG-RECV-1]: " + wrong + "; stats before " + fuzzBefore + ", after " + now);
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private InetSocketAddress node() {
        return world.node().udpAddress();
    }

    private NodeStats stats() {
        return NodeStats.from(world.node().call("stats", Map.of(), world.scaled(World.REQUEST_TIMEOUT)));
    }

    /** The counters before the scenario's first datagram, against which every stats step compares. */
    private void noteBaseline() {
        if (baseline == null && World.config().declares("datagram.stats")) {
            baseline = stats();
        }
    }

    /** Polls {@code stats} until {@code condition} holds; the node may not have read everything yet. */
    private NodeStats awaitStats(String what, Predicate<NodeStats> condition) {
        if (baseline == null) {
            throw new IllegalStateException("no stats baseline: the scenario sent nothing before checking stats");
        }
        long deadline = System.nanoTime() + world.scaled(STATS_SETTLE).toNanos();
        NodeStats now = stats();
        while (!condition.test(now)) {
            if (System.nanoTime() - deadline > 0) {
                throw world.failure(Verdict.WRONG, "the node's stats should show " + what + " since the scenario began; "
                        + "before: " + baseline + " now: " + now);
            }
            now = stats();
        }
        return now;
    }

    private void awaitReceived(long target) {
        long deadline = System.nanoTime() + world.scaled(STATS_SETTLE).toNanos();
        NodeStats now = stats();
        while (now.received() < target) {
            if (System.nanoTime() - deadline > 0) {
                throw world.failure(Verdict.TIMEOUT, "the node counted " + (now.received() - fuzzBefore.received())
                        + " datagrams received of " + (target - fuzzBefore.received()) + " sent on loopback");
            }
            now = stats();
        }
    }

    private void expectEchoReply(DatagramTester tester, int identifier, int sequence, byte[] data, int seconds) {
        Received r = awaitControl(tester, node(), c -> c instanceof Echo e && e.messageType() == TesterCodec.ECHO_REPLY
                && e.identifier() == identifier && e.sequenceNumber() == sequence,
                "echo reply with identifier " + identifier + " and sequence " + sequence, seconds);
        Echo echo = (Echo) control(r);
        if (echo.code() != 0) {
            throw world.failure(Verdict.WRONG, "echo reply code must be 0 [DG-CTL-2], got " + echo);
        }
        if (!Arrays.equals(echo.data(), data)) {
            throw world.failure(Verdict.WRONG, "echo reply data differs from the request's [DG-CTL-3]: sent "
                    + hex(data) + ", got " + hex(echo.data()));
        }
        lastReply = r;
    }

    /**
     * Waits for a control message from {@code from} that {@code wanted} accepts. Other well-formed
     * traffic is skipped; a malformed datagram from the node fails at once.
     */
    private Received awaitControl(DatagramTester tester, InetSocketAddress from, Predicate<Control> wanted,
                                  String what, int seconds) {
        Duration bound = world.scaled(Duration.ofSeconds(seconds));
        Optional<Received> match = tester.receiveMatching(r -> {
            if (!r.from().equals(from)) {
                return false;
            }
            TesterCodec.Packet p;
            try {
                p = TesterCodec.readWellFormed(r.data());
            } catch (IllegalArgumentException e) {
                throw world.failure(Verdict.WRONG, "the node sent a malformed packet (" + e.getMessage() + "): "
                        + describe(r));
            }
            return p.nextProtocol() == TesterCodec.PROTOCOL_CONTROL && wanted.test(control(r));
        }, bound);
        if (match.isEmpty()) {
            List<Received> skipped = tester.ignored();
            throw world.failure(Verdict.TIMEOUT, "no " + what + " within " + bound.toMillis() + " ms"
                    + (skipped.isEmpty() ? "" : "; skipped meanwhile: " + skipped.stream().map(this::describe).toList()));
        }
        return match.get();
    }

    private Control control(Received r) {
        try {
            return TesterCodec.readControl(TesterCodec.read(r.data()).payload());
        } catch (IllegalArgumentException e) {
            throw world.failure(Verdict.WRONG, "the node sent a malformed control message: " + describe(r));
        }
    }

    /**
     * The sequence numbers of {@code replies} that are exact echoes of requests sent; with
     * {@code strict}, any other datagram from {@code from} fails the check.
     */
    private Set<Integer> exactEchoes(List<Received> replies, InetSocketAddress from, boolean strict) {
        Set<Integer> answered = new HashSet<>();
        for (Received r : replies) {
            if (!r.from().equals(from)) {
                continue;
            }
            String problem = echoProblem(r);
            if (problem == null) {
                Echo echo = (Echo) control(r);
                answered.add(echo.sequenceNumber());
            } else if (strict) {
                throw world.failure(Verdict.WRONG, problem + ": " + describe(r));
            }
        }
        return answered;
    }

    /** Why {@code r} is not an exact echo reply to one of {@link #requestsBySequence}, or null. */
    private String echoProblem(Received r) {
        TesterCodec.Packet p;
        try {
            p = TesterCodec.readWellFormed(r.data());
        } catch (IllegalArgumentException e) {
            return "malformed packet (" + e.getMessage() + ")";
        }
        if (p.nextProtocol() != TesterCodec.PROTOCOL_CONTROL) {
            return "not a control packet";
        }
        Control c = control(r);
        if (!(c instanceof Echo echo) || echo.messageType() != TesterCodec.ECHO_REPLY) {
            return "not an echo reply";
        }
        byte[] request = requestsBySequence.get(echo.sequenceNumber());
        if (request == null) {
            return "echo reply to a sequence number never sent";
        }
        Echo asked = (Echo) TesterCodec.readControl(TesterCodec.read(request).payload());
        if (echo.identifier() != asked.identifier() || echo.code() != 0 || !Arrays.equals(echo.data(), asked.data())) {
            return "echo reply does not copy its request " + asked + " [DG-CTL-3]";
        }
        if (r.data().length != request.length) {
            return "echo reply of " + r.data().length + " bytes to a " + request.length + "-byte request [DG-CTL-3]";
        }
        return null;
    }

    private String describe(Received r) {
        try {
            TesterCodec.Packet p = TesterCodec.read(r.data());
            String inner = p.nextProtocol() == TesterCodec.PROTOCOL_CONTROL ? " " + control(r) : "";
            return r.data().length + " bytes from " + r.from() + ": " + p + inner;
        } catch (RuntimeException e) {
            return r.toString();
        }
    }

    private static double rate(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null || value.isBlank()) {
            return 0;
        }
        if (!value.strip().matches("\\d+(\\.\\d+)?%")) {
            throw new IllegalArgumentException(column + " must be a percentage such as 20%, was '" + value + "'");
        }
        return Double.parseDouble(value.strip().replace("%", "")) / 100.0;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
