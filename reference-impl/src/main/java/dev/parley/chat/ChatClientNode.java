package dev.parley.chat;

import dev.parley.chat.Bodies.ErrorResponse;
import dev.parley.chat.Bodies.ListResponse;
import dev.parley.chat.Bodies.LookupResponse;
import dev.parley.chat.Bodies.SessionBody;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat client on a node's one socket: one transport connection to the server's port 1, one
 * {@link LoginClient} on the endpoint's loop thread, its timers ticked from that loop.
 *
 * <p>What a client program needs after login: {@link #established()}, {@link #ended()}, the identity key
 * opened from the envelope ({@link #identityKey()}, {@link #identitySpki()}), and {@link #list()} and
 * {@link #lookup(String)} as futures matched to their response by {@code request_id} [CH-REQ-5]. At most
 * {@link #MAX_PENDING} requests wait at once; a request that gets no response within
 * {@link #REQUEST_TIMEOUT_MS} fails with {@link ChatError#TIMEOUT}; when the session ends every waiting request
 * fails with the error that ended it.
 */
public final class ChatClientNode implements AutoCloseable {
    /** Bound on requests waiting for their response. */
    public static final int MAX_PENDING = 256;
    /** How long a request waits for its response. */
    public static final long REQUEST_TIMEOUT_MS = 10_000;

    /** A request failed: the session ended, the server answered error_response, or no answer came. */
    public static final class RequestFailed extends RuntimeException {
        private final ChatError error;

        public RequestFailed(ChatError error, String message) {
            super(message);
            this.error = error;
        }

        public ChatError error() {
            return error;
        }
    }

    private final DatagramEndpoint endpoint;
    private final LoginClient client;
    private final LoginClient.Listener listener;
    private final CompletableFuture<Bodies.WelcomeBody> established = new CompletableFuture<>();
    private final CompletableFuture<ChatError> ended = new CompletableFuture<>();
    private final CompletableFuture<String> connectionClosed = new CompletableFuture<>();
    /** request_id to its waiting future; touched on the loop only. */
    private final Map<Long, CompletableFuture<SessionBody>> pending = new HashMap<>();
    private final AtomicLong ignoredResponses = new AtomicLong();
    /** Why the server is about to end the session (an error_response with request_id 0); loop only. */
    private ChatError endReason;
    /** When the last message from the server arrived, and how long a silence means it is gone; loop only. */
    private long lastHeardMs;
    private long serverSilenceLimitMs = Long.MAX_VALUE;
    private volatile PrivateKey identityKey;
    private volatile byte[] identitySpki;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-client-ticker");
        t.setDaemon(true);
        return t;
    });

    public ChatClientNode(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing,
            InetSocketAddress server, LoginClient.Config config, SecureRandom random, LoginClient.Listener listener) {
        this.endpoint = endpoint;
        this.listener = listener;
        MessageConnection[] holder = new MessageConnection[1];
        LoginClient.Listener routing = new LoginClient.Listener() {
            @Override
            public void onEstablished(Bodies.WelcomeBody welcome) {
                // The server answers every heartbeat; silence for a heartbeat interval plus the session timeout
                // means it is gone (it would have ended the session by then anyway) [CH-PRES-2] [CH-PRES-3].
                serverSilenceLimitMs = Math.max(1, welcome.heartbeatIntervalMs()) + Math.max(1, welcome.sessionTimeoutMs());
                identityKey = ChatClientNode.this.client.identityKey();
                identitySpki = ChatClientNode.this.client.identitySpki();
                listener.onEstablished(welcome);
                established.complete(welcome);
            }

            @Override
            public void onResponse(SessionBody body) {
                if (body instanceof ErrorResponse e && e.requestId() == 0) {
                    endReason = ChatError.ofValue(e.code()); // e.g. CH_SESSION_REPLACED, then the close [CH-PRES-4]
                }
                CompletableFuture<SessionBody> waiting = pending.remove(body.requestId());
                if (waiting != null) {
                    waiting.complete(body);
                } else if (body.requestId() != 0 && body.bodyType() != Bodies.HEARTBEAT_ACK
                        && body.bodyType() != Bodies.LOGOUT_ACK) {
                    ignoredResponses.incrementAndGet(); // not waited for: ignored and counted [CH-REQ-5]
                }
                listener.onResponse(body);
            }

            @Override
            public void onEnded(ChatError reported) {
                ChatError error = reported == ChatError.CLOSED && endReason != null ? endReason : reported;
                failPending(error, "the session ended: " + error.code());
                listener.onEnded(error);
                established.completeExceptionally(new RequestFailed(error, "login failed: " + error.code()));
                ended.complete(error);
            }
        };
        this.client = new LoginClient(config, random, AccountUsers.OPENER, new ChatSink() {
            @Override
            public void send(byte[] m) {
                holder[0].send(m);
            }

            @Override
            public void close() {
                holder[0].close();
            }
        }, routing);
        endpoint.execute(() -> {
            MessageConnection messages = new MessageConnection(framing, endpoint::execute, new MessageListener() {
                @Override
                public void onOpen(MessageConnection c) {
                    client.begin(System.currentTimeMillis());
                }

                @Override
                public void onMessage(MessageConnection c, byte[] message) {
                    lastHeardMs = System.currentTimeMillis();
                    client.onMessage(message, lastHeardMs);
                }

                @Override
                public void onPeerClosed(MessageConnection c) {
                    c.close(); // the server finished the session (logout_ack, replaced, ended): close our side too
                }

                @Override
                public void onClose(MessageConnection c, String code) {
                    client.onClosed(System.currentTimeMillis());
                    connectionClosed.complete(code);
                }
            });
            holder[0] = messages;
            messages.bind(transport.connect(server, ChatServerNode.PORT, messages));
        });
        ticker.scheduleAtFixedRate(() -> endpoint.execute(() -> onTick(System.currentTimeMillis())), 100, 100,
                TimeUnit.MILLISECONDS);
    }

    private void onTick(long nowMs) {
        client.onTimer(nowMs);
        if (client.state() == LoginClientTable.State.ESTABLISHED && !ended.isDone()
                && nowMs - lastHeardMs > serverSilenceLimitMs) {
            client.logout(nowMs); // best effort; the server is presumed gone
            failPending(ChatError.TIMEOUT, "no answer from the server for " + serverSilenceLimitMs + " ms");
            listener.onEnded(ChatError.TIMEOUT);
            established.completeExceptionally(new RequestFailed(ChatError.TIMEOUT, "the server stopped answering"));
            ended.complete(ChatError.TIMEOUT);
        }
    }

    /** Completes with the Welcome once logged in [CH-CLI-2]; exceptionally ({@link RequestFailed}) when the login fails. */
    public CompletableFuture<Bodies.WelcomeBody> established() {
        return established;
    }

    /** Completes with the error that ended the login or the session ({@link ChatError#CLOSED} after a logout). */
    public CompletableFuture<ChatError> ended() {
        return ended;
    }

    /** Completes with the close reason once the transport connection to the server has closed (after a logout too). */
    public CompletableFuture<String> connectionClosed() {
        return connectionClosed;
    }

    /** The user's identity private key opened from the envelope; null before login. */
    public PrivateKey identityKey() {
        return identityKey;
    }

    /** The user's identity public key (SPKI DER); null before login. */
    public byte[] identitySpki() {
        return identitySpki == null ? null : identitySpki.clone();
    }

    /** Responses that arrived for no waiting request [CH-REQ-5]. */
    public long ignoredResponses() {
        return ignoredResponses.get();
    }

    /** Runs on the loop: a list request (lookup when {@code username} is not null). */
    public void request(int bodyType, String username) {
        endpoint.execute(() -> client.request(bodyType, username, System.currentTimeMillis()));
    }

    /** The online users, the requester included, sorted [CH-REQ-2]. */
    public CompletableFuture<List<String>> list() {
        return send(Bodies.LIST_REQUEST, null).thenApply(b -> ((ListResponse) b).users());
    }

    /** One user's key and endpoint when online, empty when not [CH-REQ-3]. */
    public CompletableFuture<Optional<LookupResponse>> lookup(String username) {
        if (!ChatCodec.validUsername(username)) {
            return CompletableFuture.failedFuture(new RequestFailed(ChatError.BAD_USERNAME, "bad username: " + username));
        }
        return send(Bodies.LOOKUP_REQUEST, username).thenApply(b -> {
            LookupResponse r = (LookupResponse) b;
            return r.online() ? Optional.of(r) : Optional.empty();
        });
    }

    private CompletableFuture<SessionBody> send(int bodyType, String username) {
        int expected = bodyType + 1; // the response is the next body type [CH-REQ-1]
        CompletableFuture<SessionBody> answer = new CompletableFuture<>();
        endpoint.execute(() -> {
            if (pending.size() >= MAX_PENDING) {
                answer.completeExceptionally(new RequestFailed(ChatError.BUSY,
                        MAX_PENDING + " requests are already waiting for the server"));
                return;
            }
            long id = client.request(bodyType, username, System.currentTimeMillis());
            if (id < 0) {
                answer.completeExceptionally(new RequestFailed(ChatError.CLOSED, "not logged in"));
                return;
            }
            pending.put(id, answer);
            ticker.schedule(() -> endpoint.execute(() -> {
                if (pending.remove(id, answer)) {
                    answer.completeExceptionally(new RequestFailed(ChatError.TIMEOUT,
                            "no answer from the server within " + REQUEST_TIMEOUT_MS + " ms"));
                }
            }), REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        });
        return answer.thenApply(b -> {
            if (b instanceof ErrorResponse e) {
                ChatError error = ChatError.ofValue(e.code());
                throw new RequestFailed(error, "the server refused the request: " + error.code());
            }
            if (b.bodyType() != expected) {
                throw new RequestFailed(ChatError.UNEXPECTED, "the server answered body type " + b.bodyType());
            }
            return b;
        });
    }

    private void failPending(ChatError error, String message) {
        for (CompletableFuture<SessionBody> f : pending.values()) {
            f.completeExceptionally(new RequestFailed(error, message));
        }
        pending.clear();
    }

    /** Ends the session (logout, then an orderly close) [CH-OUT-1]; {@link #ended()} completes with CLOSED. */
    public void logout() {
        endpoint.execute(() -> {
            client.logout(System.currentTimeMillis());
            failPending(ChatError.CLOSED, "logged out");
            established.completeExceptionally(new RequestFailed(ChatError.CLOSED, "logged out"));
            ended.complete(ChatError.CLOSED);
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
