package dev.parley.client;

import dev.parley.chat.AccountUsers;
import dev.parley.chat.Bodies;
import dev.parley.chat.ChatError;
import dev.parley.chat.ChatServerConfig;
import dev.parley.chat.ChatServerContext;
import dev.parley.chat.ChatServerNode;
import dev.parley.chat.account.DataDirectory;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import dev.parley.chat.peer.PeerMessaging.SendResult;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The chat on loopback, for {@code parley demo}: a server on a data directory made by {@code parley init}, the seed
 * users Alice and Bob logging in with the server key pinned from that directory, listing each other and exchanging
 * end-to-end messages both ways; then how to do the same by hand. Every step waits at most {@link #STEP_SECONDS}.
 */
public final class ChatDemo {
    static final long STEP_SECONDS = 60;

    private final PrintStream out;
    private final Path data;
    private final MessagingFactory messaging;

    public ChatDemo(PrintStream out, Path data, MessagingFactory messaging) {
        this.out = out;
        this.data = data;
        this.messaging = messaging;
    }

    /** A step that did not happen in time or failed: one line, exit status 1. */
    private static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }

    /** Prints what a user receives, in order, as it is awaited. */
    private static final class Inbox implements ChatClient.Events {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(String sender, String text, long sentAtMs) {
            messages.add(sender + ": " + text);
        }

        @Override
        public void onKeyChanged(String user, String pinnedFingerprint, String presentedFingerprint) {
            messages.add("WARNING: " + user + "'s key changed");
        }

        @Override
        public void onEnded(ChatError error) {
            messages.add("(" + Describe.sessionEnded(error) + ")");
        }
    }

    /** Runs the demo; the exit status. */
    public int run() throws Exception {
        ServerIdentity identity = ServerIdentity.load(data);
        byte[] pinned = PinnedKey.readSpki(data.resolve(ServerIdentity.PUBLIC_FILE));
        try (SqliteAccountStore store = SqliteAccountStore.open(DataDirectory.accounts(data));
                DatagramEndpoint endpoint = DatagramEndpoint.open(DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)),
                        Clock.SYSTEM)) {
            TransportEndpoint transport = DatagramTransport.attach(endpoint, DatagramTransport.configFor(endpoint));
            ChatServerContext ctx = new ChatServerContext(ChatServerConfig.defaults(), identity.privateKey(),
                    identity.publicKey().getEncoded(), AccountUsers.of(store), new SecureRandom(), System.currentTimeMillis());
            try (ChatServerNode server = new ChatServerNode(endpoint, transport, FramingConfig.defaults(), ctx)) {
                endpoint.start();
                InetSocketAddress at = endpoint.localAddress();
                out.println();
                out.println("server: listening on udp 127.0.0.1:" + at.getPort() + ", key fingerprint " + identity.fingerprint());
                return chat(at, pinned);
            } catch (StepFailed e) {
                out.println("demo failed: " + e.getMessage());
                return 1;
            }
        }
    }

    private int chat(InetSocketAddress server, byte[] pinned) throws Exception {
        Inbox aliceInbox = new Inbox();
        Inbox bobInbox = new Inbox();
        try (ChatClient alice = logIn("Alice", server, pinned, aliceInbox);
                ChatClient bob = logIn("Bob", server, pinned, bobInbox)) {
            out.println("Alice: list -> " + String.join(", ", await(alice.list(), "Alice's list")));
            out.println("Bob:   list -> " + String.join(", ", await(bob.list(), "Bob's list")));
            if (!alice.messagingAvailable()) {
                out.println("messages: end-to-end messaging is not available in this build (no messaging engine is "
                        + "plugged in); skipping the exchange");
            } else {
                exchange(alice, "Bob", "Hello Bob, this is Alice.", bobInbox, "Bob");
                exchange(bob, "Alice", "Hi Alice! Bob here; only you can read this.", aliceInbox, "Alice");
                out.println("Alice: fingerprint Bob -> " + await(alice.fingerprint("Bob"), "Bob's fingerprint")
                        .map(k -> k.fingerprint() + " (" + k.source() + ")").orElse("(none)"));
            }
            alice.quit();
            bob.quit();
            out.println("Alice, Bob: logged out");
        }
        out.println();
        instructions(out);
        return 0;
    }

    private ChatClient logIn(String user, InetSocketAddress server, byte[] pinned, Inbox inbox) throws Exception {
        ClientSettings settings = new ClientSettings(user, user.toCharArray(), server,
                new InetSocketAddress("127.0.0.1", 0), pinned, null, ClientSettings.DEFAULT_MAX_DIFFICULTY,
                ClientSettings.DEFAULT_LOGIN_TIMEOUT_MS);
        long start = System.nanoTime();
        ChatClient client = ChatClient.start(settings, messaging, inbox);
        try {
            Bodies.WelcomeBody w = client.loggedIn().get(STEP_SECONDS, TimeUnit.SECONDS);
            out.printf("%s: logged in (password \"%s\", server key pinned from %s; proof of work, Argon2id and RSA "
                    + "took %.1f s); the server sees udp port %d%n", user, user, ServerIdentity.PUBLIC_FILE,
                    (System.nanoTime() - start) / 1e9, w.observed().udpPort());
            return client;
        } catch (java.util.concurrent.ExecutionException e) {
            client.close();
            throw new StepFailed(user + ": " + Describe.failure(e));
        } catch (java.util.concurrent.TimeoutException e) {
            client.close();
            throw new StepFailed(user + ": no login within " + STEP_SECONDS + " s");
        }
    }

    private void exchange(ChatClient from, String to, String text, Inbox inbox, String receiver) throws Exception {
        out.println(from.username() + ": send " + to + " " + text);
        List<SendResult> results = await(from.send(List.of(to), text), "the send to " + to);
        String got = inbox.messages.poll(STEP_SECONDS, TimeUnit.SECONDS);
        out.println(receiver + " sees  -> " + (got == null ? "(nothing within " + STEP_SECONDS + " s)" : got));
        for (SendResult r : results) {
            out.println(from.username() + " sees  -> " + Describe.sendResult(r));
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) throws Exception {
        try {
            return f.get(STEP_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StepFailed(what + ": " + Describe.failure(e));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StepFailed(what + ": nothing within " + STEP_SECONDS + " s");
        }
    }

    /** How to do the same by hand. */
    public static void instructions(PrintStream out) {
        String jar = "java -jar reference-impl/target/parley.jar";
        out.println("Now by hand, in three terminals, from the repository root:");
        out.println("  terminal 1:  " + jar + " init              # once: ./parley-data with Alice, Bob, Charlie, Eve");
        out.println("               " + jar + " server -sp 9000   # the server, on udp port 9000");
        out.println("  terminal 2:  " + jar + " client -u Alice -sp 9000   # password: Alice");
        out.println("  terminal 3:  " + jar + " client -u Bob -sp 9000     # password: Bob");
        out.println("Then type in either client: list, send Bob hello (Tab completes names), send Bob,Charlie hi,");
        out.println("fingerprint Bob, help, quit. The clients pin the server key from ./parley-data/server-pub.pem;");
        out.println("from elsewhere, add --server-fingerprint <the fingerprint init printed> (or --server-key FILE).");
    }
}
