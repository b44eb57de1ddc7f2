package dev.parley.client;

import dev.parley.chat.Bodies;
import dev.parley.chat.ChatClientNode;
import dev.parley.chat.ChatCodec;
import dev.parley.chat.ChatError;
import dev.parley.chat.LoginClient;
import dev.parley.chat.Suite1;
import dev.parley.chat.peer.PeerMessaging;
import dev.parley.chat.peer.PeerMessaging.SendResult;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's chat client: logs in through the server session on its own UDP socket (spec/chat.md), then opens
 * end-to-end messaging through a {@link MessagingFactory}. Front ends ({@link Shell}, {@link JsonMode}) call it from
 * any thread; everything it reports arrives through {@link Events}.
 */
public final class ChatClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatClient.class);

    /** Most recipients of one send. */
    public static final int MAX_RECIPIENTS = 32;
    /** Longest message text, in UTF-8 octets. */
    public static final int MAX_TEXT_BYTES = 1 << 20;
    /** How long {@link #close()} waits for the logout to leave. */
    private static final long LOGOUT_LINGER_MS = 2_000;

    /** What the client reports; called on the client's threads, must not block. */
    public interface Events {
        void onMessage(String sender, String text, long sentAtMs);

        /** A peer's identity key differs from the pinned one. */
        void onKeyChanged(String user, String pinnedFingerprint, String presentedFingerprint);

        /** The session ended (not called after {@link ChatClient#quit()}). */
        void onEnded(ChatError error);
    }

    /** This build has no end-to-end messaging engine. */
    public static final class MessagingUnavailable extends RuntimeException {
        public MessagingUnavailable() {
            super("end-to-end messaging is not available in this build (no messaging engine is plugged in)");
        }
    }

    /** A request the client refuses before anything is sent: bad names, too many recipients, empty text. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** A user's key fingerprint and where it comes from: {@code own}, {@code pinned} or {@code server}. */
    public record KeyInfo(String user, String fingerprint, String source) {
    }

    private final ClientSettings settings;
    private final MessagingFactory messagingFactory;
    private final Events events;
    private final DatagramEndpoint endpoint;
    private final TransportEndpoint transport;
    private final ChatClientNode node;
    private final CompletableFuture<PeerMessaging> messaging = new CompletableFuture<>();
    private volatile boolean quitting;

    private ChatClient(ClientSettings settings, MessagingFactory messagingFactory, Events events) throws IOException {
        this.settings = settings;
        this.messagingFactory = messagingFactory;
        this.events = events;
        this.endpoint = DatagramEndpoint.open(DatagramConfig.of(settings.bind()), Clock.SYSTEM);
        this.transport = DatagramTransport.attach(endpoint, DatagramTransport.configFor(endpoint));
        LoginClient.Config config = new LoginClient.Config(settings.username(), settings.password(),
                settings.pinnedSpki(), settings.pinnedFingerprint(), settings.maxDifficulty(),
                messagingFactory.peerPort(), settings.loginTimeoutMs());
        this.node = new ChatClientNode(endpoint, transport, FramingConfig.defaults(), settings.server(), config,
                new SecureRandom(), new LoginClient.Listener() {
                    @Override
                    public void onEstablished(Bodies.WelcomeBody welcome) {
                    }

                    @Override
                    public void onResponse(Bodies.SessionBody body) {
                    }

                    @Override
                    public void onEnded(ChatError error) {
                        if (!quitting) {
                            events.onEnded(error);
                        }
                    }
                });
        node.established().thenRunAsync(this::openMessaging);
        node.ended().thenRun(() -> messaging.thenAccept(PeerMessaging::close));
        endpoint.start();
    }

    /** Opens the socket and starts the login; {@link #loggedIn()} tells how it went. */
    public static ChatClient start(ClientSettings settings, MessagingFactory messagingFactory, Events events)
            throws IOException {
        return new ChatClient(settings, messagingFactory, events);
    }

    private void openMessaging() {
        if (!messagingFactory.available()) {
            messaging.completeExceptionally(new MessagingUnavailable());
            return;
        }
        try {
            PeerMessaging engine = messagingFactory.open(context(), new PeerMessaging.Listener() {
                @Override
                public void onMessage(String sender, String text, long sentAtMs) {
                    events.onMessage(sender, text, sentAtMs);
                }

                @Override
                public void onKeyChanged(String user, String pinnedFingerprint, String presentedFingerprint) {
                    events.onKeyChanged(user, pinnedFingerprint, presentedFingerprint);
                }
            }, new MessagingFactory.Wiring(endpoint, transport, FramingConfig.defaults(), messagingFactory.peerPort()));
            messaging.complete(engine);
        } catch (RuntimeException e) {
            LOG.warn("messaging engine failed to open", e);
            messaging.completeExceptionally(e);
        }
    }

    private PeerMessaging.Context context() {
        return new PeerMessaging.Context() {
            @Override
            public String username() {
                return settings.username();
            }

            @Override
            public PrivateKey identityKey() {
                return node.identityKey();
            }

            @Override
            public byte[] identitySpki() {
                return node.identitySpki();
            }

            @Override
            public CompletableFuture<Optional<PeerMessaging.PeerInfo>> lookup(String username) {
                return node.lookup(username).thenApply(found -> found.map(r ->
                        new PeerMessaging.PeerInfo(r.username(), r.publicKey(), r.endpoint())));
            }
        };
    }

    public String username() {
        return settings.username();
    }

    /** The UDP port of the client's socket. */
    public int udpPort() {
        return endpoint.localAddress().getPort();
    }

    /** Completes with the Welcome; exceptionally with {@link ChatClientNode.RequestFailed} naming the login failure. */
    public CompletableFuture<Bodies.WelcomeBody> loggedIn() {
        return node.established();
    }

    /** Completes with the error that ended the session. */
    public CompletableFuture<ChatError> ended() {
        return node.ended();
    }

    public boolean messagingAvailable() {
        return messagingFactory.available();
    }

    /** The online users, this one included. */
    public CompletableFuture<List<String>> list() {
        return node.list();
    }

    /**
     * Sends {@code text} to each recipient end to end; one result per recipient. Fails with {@link BadRequest}
     * before anything is sent when a name, the count or the text is out of bounds, and with
     * {@link MessagingUnavailable} in a build without a messaging engine.
     */
    public CompletableFuture<List<SendResult>> send(List<String> recipients, String text) {
        try {
            check(recipients, text);
        } catch (BadRequest e) {
            return CompletableFuture.failedFuture(e);
        }
        return messaging.thenCompose(engine -> engine.send(List.copyOf(recipients), text));
    }

    private static void check(List<String> recipients, String text) {
        if (recipients.isEmpty()) {
            throw new BadRequest("no recipient");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            throw new BadRequest("at most " + MAX_RECIPIENTS + " recipients, got " + recipients.size());
        }
        for (String r : recipients) {
            if (!ChatCodec.validUsername(r)) {
                throw new BadRequest("not a valid username: '" + r + "'");
            }
        }
        if (new HashSet<>(recipients).size() != recipients.size()) {
            throw new BadRequest("a recipient is named twice");
        }
        if (text.isEmpty()) {
            throw new BadRequest("empty message");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new BadRequest("the message is longer than " + MAX_TEXT_BYTES + " octets");
        }
    }

    /**
     * A key fingerprint: this user's own key for {@code null} or the own name; else the key pinned for that user,
     * or, when none is pinned yet, the key the server gives for an online user (empty when not online).
     */
    public CompletableFuture<Optional<KeyInfo>> fingerprint(String user) {
        if (user == null || user.equals(settings.username())) {
            byte[] spki = node.identitySpki();
            return CompletableFuture.completedFuture(Optional.ofNullable(spki)
                    .map(s -> new KeyInfo(settings.username(), Suite1.fingerprint(s), "own")));
        }
        if (!ChatCodec.validUsername(user)) {
            return CompletableFuture.failedFuture(new BadRequest("not a valid username: '" + user + "'"));
        }
        Optional<String> pinned = messaging.isDone() && !messaging.isCompletedExceptionally()
                ? messaging.join().pinnedFingerprint(user) : Optional.empty();
        if (pinned.isPresent()) {
            return CompletableFuture.completedFuture(Optional.of(new KeyInfo(user, pinned.get(), "pinned")));
        }
        return node.lookup(user).thenApply(found -> found.map(r ->
                new KeyInfo(user, Suite1.fingerprint(r.publicKey()), "server")));
    }

    /** Logs out; {@link Events#onEnded} is not called for it. */
    public void quit() {
        quitting = true;
        node.logout();
    }

    @Override
    public void close() {
        quitting = true;
        if (node.established().isDone() && !node.established().isCompletedExceptionally() && !node.ended().isDone()) {
            node.logout();
        }
        messaging.thenAccept(PeerMessaging::close);
        try {
            node.connectionClosed().get(LOGOUT_LINGER_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("the connection to the server did not close within {} ms", LOGOUT_LINGER_MS);
        }
        node.close();
        endpoint.close();
    }
}
