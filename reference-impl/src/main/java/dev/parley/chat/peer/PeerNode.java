package dev.parley.chat.peer;

import dev.parley.chat.ChatCodec;
import dev.parley.chat.Endpoint;
import dev.parley.chat.Suite1;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.TransportEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end messaging on a logged-in client's node (spec/messaging.md): looks peers up through the client's
 * server session and checks their pins, opens peer connections on demand over the node's transport and reuses
 * them, accepts peer connections on the client's peer port, and runs one {@link PeerSession} per connection on the
 * node's loop thread. Every send ends exactly once in bounded time [PM-INV-3]; nothing of a failed attempt is kept
 * [PM-CONN-2] [PM-CONN-3].
 */
public final class PeerNode implements PeerMessaging {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNode.class);

    private record Waiting(String text, CompletableFuture<SendResult> result) {
    }

    private final DatagramEndpoint endpoint;
    private final TransportEndpoint transport;
    private final FramingConfig framing;
    private final int peerPort;
    private final PeerConfig config;
    private final Context context;
    private final Listener listener;
    private final LongSupplier clockMs;
    private final PeerSession.Shared shared;
    private final PeerStats stats = new PeerStats();
    // loop thread only
    private final Map<String, PeerSession> byUser = new HashMap<>();
    private final Set<PeerSession> sessions = new LinkedHashSet<>();
    private final Map<String, List<Waiting>> lookups = new HashMap<>();
    private boolean closed;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peer-ticker");
        t.setDaemon(true);
        return t;
    });

    public PeerNode(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing, int peerPort,
            PeerConfig config, PeerPins pins, SecureRandom random, Context context, Listener listener) {
        this(endpoint, transport, framing, peerPort, config, pins, random, context, listener,
                System::currentTimeMillis);
    }

    public PeerNode(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing, int peerPort,
            PeerConfig config, PeerPins pins, SecureRandom random, Context context, Listener listener,
            LongSupplier clockMs) {
        if (framing.maxMessageBytes() < config.maxText() + 512) {
            throw new IllegalArgumentException("the framing message limit must exceed max_text by 512 [PM-BOUND-1]");
        }
        this.endpoint = endpoint;
        this.transport = transport;
        this.framing = framing;
        this.peerPort = peerPort;
        this.config = config;
        this.context = context;
        this.listener = listener;
        this.clockMs = clockMs;
        this.shared = new PeerSession.Shared(config, context.username(), context.identityKey(),
                context.identitySpki(), pins, new OpenReplayCache(config.maxOpenReplay()), stats, random);
        endpoint.execute(() -> transport.listen(peerPort, connection -> accept()));
        ticker.scheduleAtFixedRate(() -> {
            try {
                endpoint.execute(this::tick);
            } catch (RejectedExecutionException full) {
                // the loop is saturated; the next tick retries
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    public PeerStats stats() {
        return stats;
    }

    public int peerPort() {
        return peerPort;
    }

    // ------------------------------------------------------------------ PeerMessaging

    @Override
    public CompletableFuture<List<SendResult>> send(List<String> recipients, String text) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(recipients));
        List<CompletableFuture<SendResult>> results = new ArrayList<>();
        int textBytes = text.getBytes(StandardCharsets.UTF_8).length;
        for (String user : unique) {
            CompletableFuture<SendResult> f = new CompletableFuture<>();
            results.add(f);
            if (unique.size() > config.maxRecipients()) {
                f.complete(new SendResult(user, Outcome.FAILED, "more than " + config.maxRecipients() + " recipients"));
            } else if (!ChatCodec.validUsername(user)) {
                f.complete(new SendResult(user, Outcome.FAILED, "not a valid username"));
            } else if (textBytes > config.maxText()) {
                f.complete(new SendResult(user, Outcome.FAILED, "PM_MALFORMED: text over max_text [PM-MSG-3]"));
            } else {
                try {
                    endpoint.execute(() -> sendOne(user, text, f)); // [PM-MULTI-1] one session each, in parallel
                } catch (RejectedExecutionException full) {
                    f.complete(new SendResult(user, Outcome.FAILED, "the node is overloaded"));
                }
            }
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public Optional<String> pinnedFingerprint(String user) {
        return shared.pins().fingerprint(user);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            endpoint.submit(() -> {
                closed = true;
                long now = clockMs.getAsLong();
                for (PeerSession s : new ArrayList<>(sessions)) {
                    s.close(now);
                }
                lookups.forEach((user, ws) -> ws.forEach(w -> w.result.complete(
                        new SendResult(user, Outcome.FAILED, "PM_CLOSED: the client is closing"))));
                lookups.clear();
                transport.unlisten(peerPort);
                return null;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing the peer node: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------ loop thread

    private void sendOne(String user, String text, CompletableFuture<SendResult> f) {
        if (closed) {
            f.complete(new SendResult(user, Outcome.FAILED, "PM_CLOSED: the client is closing"));
            return;
        }
        PeerSession s = byUser.get(user);
        if (s != null) {
            s.send(text, (o, d) -> f.complete(new SendResult(user, o, d)), clockMs.getAsLong()); // [PM-CONN-1]
            return;
        }
        List<Waiting> waiting = lookups.get(user);
        if (waiting != null) {
            waiting.add(new Waiting(text, f));
            return;
        }
        if (sessions.size() >= config.maxSessions()) {
            f.complete(new SendResult(user, Outcome.FAILED, "PM_BUSY: " + config.maxSessions() + " peer sessions"));
            return;
        }
        waiting = new ArrayList<>();
        waiting.add(new Waiting(text, f));
        lookups.put(user, waiting);
        lookup(user).whenComplete((info, ex) -> onLoop(() -> onLookup(user, info, ex))); // [PM-FIND-1]
    }

    private CompletableFuture<Optional<PeerInfo>> lookup(String user) {
        try {
            return context.lookup(user).orTimeout(config.lookupTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void onLookup(String user, Optional<PeerInfo> info, Throwable ex) {
        List<Waiting> ws = lookups.remove(user);
        if (ws == null) {
            return;
        }
        Outcome failed = null;
        String detail = null;
        if (closed) {
            failed = Outcome.FAILED;
            detail = "PM_CLOSED: the client is closing";
        } else if (ex != null) {
            failed = Outcome.FAILED;
            detail = "PM_SERVER_GONE: the look-up failed (" + ex.getClass().getSimpleName() + ")";
        } else if (info.isEmpty()) {
            failed = Outcome.OFFLINE;
            detail = "PM_OFFLINE: " + user + " is not online";
        } else if (!info.get().username().equals(user) || Suite1.publicKey(info.get().spki()) == null) {
            failed = Outcome.FAILED;
            detail = "the server's look-up answer is not a key for " + user;
        } else {
            PeerPins.Check pin = shared.pins().check(user, info.get().spki());
            if (pin == PeerPins.Check.CHANGED) { // [PM-PIN-2] nothing is sent; the user sees it
                String pinned = shared.pins().fingerprint(user).orElse("");
                String presented = Suite1.fingerprint(info.get().spki());
                listener.onKeyChanged(user, pinned, presented);
                failed = Outcome.KEY_CHANGED;
                detail = "pinned " + pinned + ", presented " + presented;
            } else if (pin == PeerPins.Check.FULL) {
                failed = Outcome.FAILED;
                detail = "PM_BUSY: the pin store is full";
            }
        }
        if (failed != null) {
            for (Waiting w : ws) {
                w.result.complete(new SendResult(user, failed, detail));
            }
            return;
        }
        PeerSession s = byUser.get(user);
        if (s == null) {
            s = open(user, info.get());
        }
        long now = clockMs.getAsLong();
        for (Waiting w : ws) {
            s.send(w.text, (o, d) -> w.result.complete(new SendResult(user, o, d)), now);
        }
    }

    /** A new initiator session and its connection to the looked-up endpoint [PM-CONN-1]. */
    private PeerSession open(String user, PeerInfo info) {
        MessageConnection[] conn = new MessageConnection[1];
        PeerSession[] holder = new PeerSession[1];
        PeerSession s = PeerSession.initiator(shared, new ConnectionWire(conn, holder) {
            @Override
            public void connect() {
                onLoop(() -> {
                    try {
                        Endpoint at = info.endpoint();
                        conn[0].bind(transport.connect(at.udp(), at.transportPort(), conn[0]));
                    } catch (RuntimeException e) {
                        LOG.debug("connect to {} failed: {}", user, e.toString());
                        holder[0].onConnectionClosed(clockMs.getAsLong());
                    }
                });
            }
        }, events, user, info.spki());
        holder[0] = s;
        conn[0] = new MessageConnection(framing, endpoint::execute, messages(holder));
        sessions.add(s);
        byUser.put(user, s);
        return s;
    }

    private dev.parley.transport.ConnectionListener accept() {
        if (closed || sessions.size() >= config.maxSessions()) {
            stats.count(PeerCode.BUSY);
            return null; // reset [PM-CONN-4]
        }
        MessageConnection[] conn = new MessageConnection[1];
        PeerSession[] holder = new PeerSession[1];
        PeerSession s = PeerSession.responder(shared, new ConnectionWire(conn, holder), events);
        holder[0] = s;
        conn[0] = new MessageConnection(framing, endpoint::execute, messages(holder));
        sessions.add(s);
        s.onAccepted(clockMs.getAsLong());
        return conn[0];
    }

    private MessageListener messages(PeerSession[] holder) {
        return new MessageListener() {
            @Override
            public void onOpen(MessageConnection c) {
                if (holder[0].isInitiator()) {
                    holder[0].onConnected(clockMs.getAsLong());
                }
            }

            @Override
            public void onMessage(MessageConnection c, byte[] message) {
                holder[0].onMessage(message, clockMs.getAsLong());
            }

            @Override
            public void onPeerClosed(MessageConnection c) {
                c.close(); // the peer ended the session: close our half too [PM-CONN-2]
                holder[0].onConnectionClosed(clockMs.getAsLong());
            }

            @Override
            public void onClose(MessageConnection c, String code) {
                holder[0].onConnectionClosed(clockMs.getAsLong());
            }
        };
    }

    /** The session's effects on its framing connection; look-ups through the server session. */
    private class ConnectionWire implements PeerSession.Wire {
        private final MessageConnection[] conn;
        private final PeerSession[] holder;

        ConnectionWire(MessageConnection[] conn, PeerSession[] holder) {
            this.conn = conn;
            this.holder = holder;
        }

        @Override
        public void send(byte[] message) {
            conn[0].send(message); // a failure ends in the receipt timer or the close report
        }

        @Override
        public void close() {
            conn[0].close();
        }

        @Override
        public void abort() {
            onLoop(() -> {
                if (conn[0].connection() != null) {
                    conn[0].abort();
                }
            });
        }

        @Override
        public void connect() {
            throw new IllegalStateException("a responder never connects");
        }

        @Override
        public void lookupSender(String user) {
            lookup(user).whenComplete((info, ex) -> onLoop(() -> { // [PM-PIN-3]
                long now = clockMs.getAsLong();
                if (ex == null && info.isPresent() && info.get().username().equals(user)) {
                    holder[0].onKeyFound(info.get().spki(), now);
                } else {
                    holder[0].onKeyMissing(now);
                }
            }));
        }
    }

    private final PeerSession.Events events = new PeerSession.Events() {
        @Override
        public void delivered(PeerSession s, String sender, String text, long sentAtMs) {
            byUser.putIfAbsent(sender, s); // a responder session is reused for sends to its peer [PM-CONN-1]
            listener.onMessage(sender, text, sentAtMs);
        }

        @Override
        public void keyChanged(String user, String pinned, String presented) {
            listener.onKeyChanged(user, pinned, presented);
        }

        @Override
        public void closed(PeerSession s) {
            sessions.remove(s);
            if (s.peer() != null) {
                byUser.remove(s.peer(), s); // nothing stale is kept [PM-CONN-2]
            }
        }
    };

    private void tick() {
        long now = clockMs.getAsLong();
        for (PeerSession s : new ArrayList<>(sessions)) {
            s.onTimer(now);
        }
    }

    private void onLoop(Runnable task) {
        try {
            endpoint.execute(task);
        } catch (RejectedExecutionException full) {
            LOG.warn("peer node loop saturated; a task was dropped and its session will time out");
        }
    }
}
