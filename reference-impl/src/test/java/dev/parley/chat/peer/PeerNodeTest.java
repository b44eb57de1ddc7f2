package dev.parley.chat.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.DeterministicRandom;
import dev.parley.chat.Endpoint;
import dev.parley.chat.Suite1;
import dev.parley.chat.peer.PeerMessaging.Outcome;
import dev.parley.chat.peer.PeerMessaging.PeerInfo;
import dev.parley.chat.peer.PeerMessaging.SendResult;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Peer nodes on loopback, through the real datagram loop, transport and framing; look-ups from a fake server. */
class PeerNodeTest {
    private static final int PEER_PORT = 2;
    private static final long AWAIT_MS = 20_000;
    private static final PeerConfig CONFIG = PeerConfig.defaults().withTimeouts(2_000, 10_000, 6_000, 5_000);

    /** What the fake server's look-ups answer. */
    private final Map<String, PeerInfo> directory = new ConcurrentHashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    final class Node implements PeerMessaging.Listener, PeerMessaging.Context {
        final String name;
        final DatagramEndpoint endpoint;
        final PeerNode peer;
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> alarms = new CopyOnWriteArrayList<>();
        final PeerPins pins = new PeerPins(null, 100);

        Node(String name) throws Exception {
            this.name = name;
            endpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
            TransportEndpoint transport = DatagramTransport.attach(endpoint, DatagramTransport.configFor(endpoint));
            endpoint.start();
            peer = new PeerNode(endpoint, transport, FramingConfig.defaults(), PEER_PORT, CONFIG, pins,
                    new DeterministicRandom("node " + name), this, this);
            directory.put(name, new PeerInfo(name, PeerTestKeys.spki(name), Endpoint.of(endpoint.localAddress(), PEER_PORT)));
            nodes.add(this);
        }

        void crash() {
            endpoint.close(); // no FIN, no PeerError: the peer just goes away
        }

        List<SendResult> send(String text, String... to) throws Exception {
            return peer.send(List.of(to), text).get(AWAIT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onMessage(String sender, String text, long sentAtMs) {
            received.add(sender + ": " + text);
        }

        @Override
        public void onKeyChanged(String user, String pinned, String presented) {
            alarms.add(user);
        }

        @Override
        public String username() {
            return name;
        }

        @Override
        public PrivateKey identityKey() {
            return PeerTestKeys.of(name).getPrivate();
        }

        @Override
        public byte[] identitySpki() {
            return PeerTestKeys.spki(name);
        }

        @Override
        public CompletableFuture<Optional<PeerInfo>> lookup(String username) {
            return CompletableFuture.completedFuture(Optional.ofNullable(directory.get(username)));
        }
    }

    @AfterEach
    void tearDown() {
        for (Node n : nodes) {
            n.peer.close();
            n.endpoint.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + AWAIT_MS + " ms").isLessThan(end);
            Thread.sleep(5);
        }
    }

    private static List<Outcome> outcomes(List<SendResult> r) {
        return r.stream().map(SendResult::outcome).toList();
    }

    @Test
    @DisplayName("[PM-MSG-1] [PM-CONN-1] [PM-RCPT-2] [PM-KS-2] two nodes exchange messages both ways with receipts; later messages cost no RSA operation")
    void messagesBothWays() throws Exception {
        Node alice = new Node("Alice");
        Node bob = new Node("Bob");
        assertThat(outcomes(alice.send("hello Bob", "Bob"))).containsExactly(Outcome.DELIVERED);
        await(() -> bob.received.contains("Alice: hello Bob"));
        long aliceOps = alice.peer.stats().privateKeyOps();
        long bobOps = bob.peer.stats().privateKeyOps();
        assertThat(aliceOps).isEqualTo(1);
        assertThat(bobOps).isEqualTo(1);
        assertThat(outcomes(bob.send("hi Alice", "Alice"))).containsExactly(Outcome.DELIVERED);
        assertThat(outcomes(alice.send("second", "Bob"))).containsExactly(Outcome.DELIVERED);
        await(() -> alice.received.contains("Bob: hi Alice") && bob.received.contains("Alice: second"));
        assertThat(alice.peer.stats().privateKeyOps()).isEqualTo(aliceOps);
        assertThat(bob.peer.stats().privateKeyOps()).isEqualTo(bobOps);
        assertThat(bob.received).containsExactly("Alice: hello Bob", "Alice: second");
        assertThat(alice.peer.pinnedFingerprint("Bob")).contains(Suite1.fingerprint(PeerTestKeys.spki("Bob")));
    }

    @Test
    @DisplayName("[PM-MULTI-1] one message to several recipients: each its own outcome")
    void severalRecipients() throws Exception {
        Node alice = new Node("Alice");
        Node bob = new Node("Bob");
        Node carol = new Node("Carol");
        List<SendResult> r = alice.send("to all", "Bob", "Carol", "Dave");
        assertThat(r).extracting(SendResult::recipient).containsExactly("Bob", "Carol", "Dave");
        assertThat(outcomes(r)).containsExactly(Outcome.DELIVERED, Outcome.DELIVERED, Outcome.OFFLINE);
        await(() -> bob.received.contains("Alice: to all") && carol.received.contains("Alice: to all"));
    }

    @Test
    @DisplayName("[PM-CONN-3] [PM-FIND-1] a peer that does not answer fails in bounded time; after it returns the next send works")
    void offlinePeerThenBack() throws Exception {
        Node alice = new Node("Alice");
        Node bob = new Node("Bob");
        bob.crash(); // the server still lists Bob at his old endpoint
        long t0 = System.nanoTime();
        List<SendResult> r = alice.send("are you there", "Bob");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(outcomes(r)).containsExactly(Outcome.FAILED);
        assertThat(r.get(0).detail()).contains("PM_CONNECT_FAILED");
        assertThat(ms).isLessThan(CONFIG.connectTimeoutMs() + 1_500);
        directory.remove("Bob");
        assertThat(outcomes(alice.send("still?", "Bob"))).containsExactly(Outcome.OFFLINE);
        Node bobAgain = new Node("Bob"); // back, on a new port
        assertThat(outcomes(alice.send("welcome back", "Bob"))).containsExactly(Outcome.DELIVERED);
        await(() -> bobAgain.received.contains("Alice: welcome back"));
    }

    @Test
    @DisplayName("[PM-CONN-5] [PM-CONN-2] a peer that vanishes from an open session fails the send in receipt_timeout; nothing stale is kept")
    void peerVanishesFromAnOpenSession() throws Exception {
        Node alice = new Node("Alice");
        Node bob = new Node("Bob");
        assertThat(outcomes(alice.send("one", "Bob"))).containsExactly(Outcome.DELIVERED);
        bob.crash();
        long t0 = System.nanoTime();
        List<SendResult> r = alice.send("two", "Bob");
        assertThat(outcomes(r)).containsExactly(Outcome.FAILED);
        assertThat(r.get(0).detail()).contains("PM_NO_RECEIPT");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(CONFIG.receiptTimeoutMs() + 1_500);
        Node bobAgain = new Node("Bob");
        assertThat(outcomes(alice.send("three", "Bob"))).containsExactly(Outcome.DELIVERED);
        await(() -> bobAgain.received.contains("Alice: three"));
    }

    @Test
    @DisplayName("[PM-PIN-2] [PM-INV-2] a changed key is KEY_CHANGED with an alarm, and nothing is sent")
    void changedKey() throws Exception {
        Node alice = new Node("Alice");
        Node bob = new Node("Bob");
        assertThat(outcomes(alice.send("one", "Bob"))).containsExactly(Outcome.DELIVERED);
        alice.peer.close(); // end the session so the next send looks up again
        directory.put("Bob", new PeerInfo("Bob", PeerTestKeys.spki("Mallory"), directory.get("Bob").endpoint()));
        Node alice2 = new Node("Alice");
        alice2.pins.replace("Bob", Suite1.fingerprint(PeerTestKeys.spki("Bob")));
        List<SendResult> r = alice2.send("two", "Bob");
        assertThat(outcomes(r)).containsExactly(Outcome.KEY_CHANGED);
        assertThat(alice2.alarms).containsExactly("Bob");
        assertThat(alice2.peer.stats().privateKeyOps() + alice2.peer.stats().publicKeyOps()).isZero();
        assertThat(bob.received).containsExactly("Alice: one");
    }

    @Test
    @DisplayName("[PM-MSG-3] a 1 MiB text (max_text) arrives whole; one octet more is refused before anything is sent")
    void largestText() throws Exception {
        Node alice = new Node("Alice");
        Node bob = new Node("Bob");
        String big = "x".repeat(CONFIG.maxText());
        assertThat(outcomes(alice.send(big, "Bob"))).containsExactly(Outcome.DELIVERED);
        await(() -> bob.received.size() == 1);
        assertThat(bob.received.get(0)).hasSize("Alice: ".length() + CONFIG.maxText());
        List<SendResult> r = alice.send(big + "x", "Bob");
        assertThat(outcomes(r)).containsExactly(Outcome.FAILED);
        assertThat(r.get(0).detail()).contains("PM_MALFORMED");
    }
}
