package dev.parley.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.chat.ChatTesterCodec;
import dev.parley.conformance.chat.ChatTesterCodec.Body;
import dev.parley.conformance.chat.ChatTesterCodec.EnvelopeFields;
import dev.parley.conformance.chat.ChatTesterCodec.Lookup;
import dev.parley.conformance.chat.LoginTester;
import dev.parley.conformance.chat.SessionTester;
import dev.parley.conformance.chat.TesterCrypto;
import dev.parley.conformance.chat.TransportChannel;
import dev.parley.conformance.chat.peer.PeerCodes;
import dev.parley.conformance.chat.peer.PeerTester;
import dev.parley.conformance.chat.peer.PeerTesterCodec;
import dev.parley.conformance.datagram.DatagramTester;
import dev.parley.conformance.iut.IutException;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * End-to-end messages (spec/messaging.md) with the IUT's client (role {@code client}, spec/conformance.md section 18)
 * on one side and the suite on the other: the suite logs a user of its own in to the IUT's server (LoginTester) and
 * plays that user's messaging peer on its own crypto ({@link PeerTester}). Nothing here uses an IUT's classes.
 */
public final class MessagingSteps {

    private static final int CHAT_PORT = 1; // [CH-PORT-1]
    private static final int SUITE_PEER_PORT = 7;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RETRANSMIT = Duration.ofMillis(200);

    private final World world;
    private final SecureRandom random = new SecureRandom();

    // the suite's user: its server session and its peer end
    private TransportChannel server;
    private SessionTester session;
    private PeerTester peer;
    private String serverFingerprint;
    // the IUT's client
    private IutProcess client;
    private String clientUser;
    // the current peer connection and session
    private TransportChannel peerChannel;
    private PeerTester.Session peerSession;
    private byte[] lastOpen;
    private byte[] lastFollowUp;
    private byte[] lastSentId;

    public MessagingSteps(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- the suite's user

    private TransportChannel connect(InetSocketAddress target, int port) {
        DatagramTester datagrams = world.newTester();
        TransportTester t = new TransportTester(datagrams, target, 49_152 + random.nextInt(16_384),
                random.nextInt() & 0xffffffffL, world.scaled(RETRANSMIT));
        t.open(port, world.scaled(STEP_TIMEOUT));
        return new TransportChannel(t, world.scaled(STEP_TIMEOUT));
    }

    private static byte[] receive(TransportChannel c, Duration timeout, String what) {
        Optional<byte[]> m = c.receive(timeout);
        if (m.isEmpty()) {
            throw new IutException(c.peerClosed() ? Verdict.CLOSED : Verdict.TIMEOUT, "no " + what + " within "
                    + timeout.toSeconds() + " s on " + c.describe());
        }
        return m.get();
    }

    /** A costly step on a worker while this thread keeps acknowledging the server's segments. */
    private <T> T computing(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread worker = new Thread(task, "messaging-crypto");
        worker.setDaemon(true);
        worker.start();
        while (!task.isDone()) {
            server.service(Duration.ofMillis(20));
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private byte[] expect(int type, String what) {
        byte[] m = receive(server, world.scaled(STEP_TIMEOUT), what);
        assertThat(ChatTesterCodec.msgType(m)).as("message type of %s", what).isEqualTo(type);
        return m;
    }

    /**
     * The suite's user logs in to the IUT's server, announcing {@link #SUITE_PEER_PORT} as its peer port. The
     * server key the Challenge presents is the one the IUT client is then told to pin (the pinning itself is
     * login.feature's business).
     */
    @Given("the suite's user {string} logged in with password {string}")
    public void suiteLogsIn(String user, String password) {
        world.check(() -> {
            IutProcess s = world.process("server");
            server = connect(s.udpAddress(), CHAT_PORT);
            LoginTester login = new LoginTester(user, password, random);
            server.send(login.hello());
            ChatTesterCodec.ChallengeFields ch = login.onChallenge(expect(ChatTesterCodec.CHALLENGE, "a Challenge"));
            serverFingerprint = TesterCrypto.fingerprint(ch.serverKey());
            server.send(computing(login::loginRequest));
            EnvelopeFields env = login.onEnvelopeResponse(expect(ChatTesterCodec.ENVELOPE_RESPONSE, "an EnvelopeResponse"));
            assertThat(env).as("the EnvelopeResponse opens").isNotNull();
            byte[] pkcs8 = computing(() -> TesterCrypto.openEnvelope(user, password, env.salt(), (int) env.memoryKiB(),
                    (int) env.iterations(), env.parallelism(), env.envelope()));
            assertThat(pkcs8).as("the envelope of %s opens with its password", user).isNotNull();
            assertThat(login.openEnvelope()).isTrue();
            server.send(login.proof(SUITE_PEER_PORT, computing(login::signature)));
            assertThat(login.onWelcome(expect(ChatTesterCodec.WELCOME, "a Welcome"))).as("the Welcome opens").isNotNull();
            session = login.session();
            PrivateKey key = TesterCrypto.rsaPrivate(pkcs8);
            peer = new PeerTester(user, key, login.userPublicKey(), random);
        });
    }

    private Lookup lookup(String user) {
        long id = session.nextRequestId();
        server.send(session.record(ChatTesterCodec.body(ChatTesterCodec.LOOKUP_REQUEST, id,
                ChatTesterCodec.usernameFields(user))));
        while (true) {
            Body b = session.open(receive(server, world.scaled(STEP_TIMEOUT), "a lookup_response"));
            assertThat(b).as("the server's session record opens in order").isNotNull();
            if (b.requestId() == id) {
                assertThat(b.bodyType()).as("lookup_response").isEqualTo(ChatTesterCodec.LOOKUP_RESPONSE);
                return ChatTesterCodec.readLookup(b.fields());
            }
        }
    }

    // ---------------------------------------------------------------- the IUT's client

    /**
     * Starts the IUT's client and waits for {@code logged_in} [CF-CLI-1] [CF-CLI-2]. The password is the first line
     * of its stdin: IutProcess has no call that writes a bare line, so it goes through {@code rawRequest} with a
     * 1 ms wait whose silence is expected (the client reads the line as its password and answers nothing).
     */
    @Given("the IUT client logged in as {string} with password {string}")
    public void clientLogsIn(String user, String password) {
        world.check(() -> {
            IutProcess s = world.process("server");
            // A scenario's workdir outlives the run, but the users' keys do not (init runs once per run): pins an
            // earlier run left would make every peer a KEY_CHANGED. The reference client keeps its pins in
            // parley-data/pins of its working directory; the contract does not yet say where a client keeps its
            // local state nor that the suite starts it empty (to be fixed in spec/conformance.md section 18.1).
            deleteTree(world.workdir().resolve("parley-data").resolve("pins"));
            client = world.launchAs("client-" + user, "client", Map.of("user", user,
                    "server_port", Integer.toString(s.udpPort()), "server_fingerprint", serverFingerprint));
            try {
                client.rawRequest(password, Duration.ofMillis(1));
            } catch (IutException expected) {
                // no reply to a password line
            }
            client.awaitReady(world.scaled(World.READY_TIMEOUT));
            clientUser = user;
            Optional<JsonNode> in = client.awaitEvent(e -> e.path("event").asText().equals("logged_in")
                    || e.path("event").asText().equals("error"), world.scaled(Duration.ofSeconds(60)));
            assertThat(in).as("the client's logged_in event [CF-CLI-2]").isPresent();
            assertThat(in.get().path("event").asText()).as("the client's login: %s", in.get()).isEqualTo("logged_in");
        });
    }

    private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    // ---------------------------------------------------------------- the suite sends to the IUT's client

    /** Opens a peer connection to the IUT client's endpoint as the suite's server session looked it up [PM-FIND-1]. */
    private TransportChannel connectToClient() {
        Lookup l = lookup(clientUser);
        assertThat(l.status()).as("the IUT client's user is online").isZero();
        InetSocketAddress target;
        try {
            target = new InetSocketAddress(InetAddress.getByAddress(l.address()), l.udpPort());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        assertThat(l.transportPort()).as("the IUT client announces a peer port").isNotZero();
        return connect(target, l.transportPort());
    }

    private byte[] clientSpki() {
        return lookup(clientUser).publicKey();
    }

    private PeerTester.Outgoing sendOpen(String text, String recipient, PeerTester.Tamper tamper) {
        byte[] spki = clientSpki();
        PrivateKey other = tamper == PeerTester.Tamper.RESIGNED ? malloryKey() : null;
        PeerTester.Outgoing out = computing(() -> peer.open(recipient, spki, text, System.currentTimeMillis(), tamper,
                other));
        peerChannel = connectToClient();
        peerChannel.send(out.message());
        lastOpen = out.message();
        lastSentId = out.session().openId;
        return out;
    }

    private static PrivateKey mallory;

    private static synchronized PrivateKey malloryKey() {
        if (mallory == null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(3072);
                KeyPair kp = g.generateKeyPair();
                mallory = kp.getPrivate();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return mallory;
    }

    @When("the suite's user sends {string} to the IUT client")
    public void sendsFirst(String text) {
        world.check(() -> peerSession = sendOpen(text, clientUser, PeerTester.Tamper.NONE).session());
    }

    @When("the suite's user sends {string} to the IUT client with the PeerOpen {word}")
    public void sendsTampered(String text, String tamper) {
        world.check(() -> sendOpen(text, clientUser, PeerTester.Tamper.valueOf(tamper)));
    }

    @When("the suite's user sends {string} to the IUT client addressed to {string}")
    public void sendsForwarded(String text, String recipient) {
        world.check(() -> sendOpen(text, recipient, PeerTester.Tamper.NONE));
    }

    @When("the suite's user sends the same PeerOpen again on a new connection")
    public void replaysOpen() {
        world.check(() -> {
            peerChannel.close();
            peerChannel = connectToClient();
            peerChannel.send(lastOpen);
        });
    }

    @When("the suite's user sends the follow-up {string}")
    public void sendsFollowUp(String text) {
        world.check(() -> {
            lastFollowUp = peer.seal(peerSession, PeerTesterCodec.textBody(text));
            lastSentId = PeerTesterCodec.readMessage(lastFollowUp).header().messageId();
            peerChannel.send(lastFollowUp);
        });
    }

    @When("the suite's user sends the same follow-up again")
    public void replaysFollowUp() {
        world.check(() -> peerChannel.send(lastFollowUp));
    }

    @Then("the IUT client reports the message {string} from {string}")
    public void reportsMessage(String text, String from) {
        world.check(() -> {
            Optional<JsonNode> e = client.awaitEvent(ev -> ev.path("event").asText().equals("message")
                    && ev.path("text").asText().equals(text), world.scaled(STEP_TIMEOUT));
            assertThat(e).as("the client's message event for %s [CF-CLI-7]", text).isPresent();
            assertThat(e.get().path("from").asText()).isEqualTo(from);
        });
    }

    @Then("the suite's user receives a delivery receipt for it")
    public void receipt() {
        world.check(() -> {
            byte[] m = receive(peerChannel, world.scaled(STEP_TIMEOUT), "a receipt");
            PeerTesterCodec.Body b = peer.openMessage(peerSession, m);
            assertThat(b).as("the receipt opens under the r2i key in order [PM-KS-2] [PM-SEQ-1]; got %s",
                    PeerTesterCodec.errorCode(m) >= 0 ? "PeerError " + PeerCodes.name(PeerTesterCodec.errorCode(m))
                            : "a message that does not open").isNotNull();
            assertThat(b.bodyType()).as("a receipt body [PM-RCPT-1]").isEqualTo(PeerTesterCodec.RECEIPT);
            assertThat(b.ackedId()).as("the receipt names the message [PM-RCPT-1]").isEqualTo(lastSentId);
        });
    }

    @Then("the IUT client answers with the PeerError {word} and closes the connection")
    public void peerError(String code) {
        world.check(() -> {
            byte[] m = receive(peerChannel, world.scaled(STEP_TIMEOUT), "a PeerError");
            int got = PeerTesterCodec.errorCode(m);
            assertThat(got).as("a PeerError (5 octets, type 0x7F) [PM-RCV-2]; got %d octets of type 0x%02x", m.length,
                    m[0] & 0xff).isNotNegative();
            assertThat(PeerCodes.name(got)).as("the PeerError's code [PM-RCV-1]").isEqualTo(code);
            assertThat(peerChannel.receive(world.scaled(STEP_TIMEOUT))).as("nothing after the PeerError").isEmpty();
            assertThat(peerChannel.peerClosed()).as("the IUT client closes the connection [PM-RCV-2]").isTrue();
        });
    }

    @Then("the IUT client reported the message {string} exactly once")
    public void reportedOnce(String text) {
        world.check(() -> assertThat(client.events().stream().filter(e -> e.path("event").asText().equals("message")
                && e.path("text").asText().equals(text)).count()).as("message events for %s [CF-CLI-7]", text)
                .isEqualTo(1));
    }

    @Then("the IUT client reported no message")
    public void noMessage() {
        world.check(() -> assertThat(client.events().stream().filter(e -> e.path("event").asText().equals("message")))
                .as("message events [CF-CLI-7]").isEmpty());
    }
}
