package dev.parley.framing;

import dev.parley.transport.CloseReason;
import dev.parley.transport.Connection;
import dev.parley.transport.ConnectionListener;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Messages over one transport connection (spec/framing.md). It is the connection's
 * {@link ConnectionListener}: pass it to {@code connect} or return it from an {@code Acceptor}.
 *
 * <p>{@link #send} may be called from any thread: the message is framed and queued whole by one task on
 * the connection's loop [FR-SEND-1], and the loop writes queued frames to the transport in order, each
 * completely before the next [FR-SEND-2]. Everything else runs on the loop thread.
 */
public final class MessageConnection implements ConnectionListener {

    /** A queued frame and how much of it the transport took. */
    private static final class Pending {
        final byte[] frame;
        final CompletableFuture<Void> done;
        int written;

        Pending(byte[] frame, CompletableFuture<Void> done) {
            this.frame = frame;
            this.done = done;
        }
    }

    private final FramingConfig config;
    private final Executor loop;
    private final MessageListener listener;
    private final FrameDecoder decoder;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes;
    private Connection connection;
    private volatile String closeCode;
    /** The user asked for an orderly close; it happens once the queue has drained [FR-SEND-2]. */
    private boolean closeRequested;

    /**
     * @param loop runs tasks on the loop thread of the connection's endpoint, in order
     *             (e.g. {@code datagramEndpoint::execute})
     */
    public MessageConnection(FramingConfig config, Executor loop, MessageListener listener) {
        this.config = config;
        this.loop = loop;
        this.listener = listener;
        this.decoder = new FrameDecoder(config.maxMessageBytes());
    }

    /**
     * Sends one message; any thread. Completes when the whole frame is handed to the transport, or fails
     * with a {@link FramingException}: {@code FR_TOO_LARGE}, {@code FR_BACKPRESSURE} [FR-SEND-3], or the
     * reason the connection ended [FR-SEND-4].
     */
    public CompletableFuture<Void> send(byte[] message) {
        if (message.length > config.maxMessageBytes()) {
            return CompletableFuture.failedFuture(new FramingException(FramingError.FR_TOO_LARGE.name(),
                    "message of " + message.length + " bytes exceeds the limit of " + config.maxMessageBytes()));
        }
        return sendFrame(FrameCodec.encodeMessage(message));
    }

    /**
     * Sends one message to every connection, framing it once [FR-BCAST-1]; any thread. The outcome is per
     * connection, and one connection's failure does not affect the others.
     */
    public static Map<MessageConnection, CompletableFuture<Void>> broadcast(byte[] message,
                                                                          Collection<MessageConnection> connections) {
        Map<MessageConnection, CompletableFuture<Void>> outcomes = new LinkedHashMap<>();
        byte[] frame = null;
        for (MessageConnection connection : connections) {
            if (message.length > connection.config.maxMessageBytes()) {
                outcomes.put(connection, CompletableFuture.failedFuture(new FramingException(
                        FramingError.FR_TOO_LARGE.name(), "message of " + message.length + " bytes exceeds the limit")));
                continue;
            }
            if (frame == null) {
                frame = FrameCodec.encodeMessage(message);
            }
            outcomes.put(connection, connection.sendFrame(frame));
        }
        return outcomes;
    }

    private CompletableFuture<Void> sendFrame(byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> enqueue(new Pending(frame, done)));
        return done;
    }

    /**
     * Orderly close after every queued message has been handed to the transport whole, which then sends
     * it before its FIN [FR-CLOSE-1]; any thread. Messages sent after this fail with {@code TR_CLOSED}.
     */
    public void close() {
        loop.execute(() -> {
            closeRequested = true;
            flush();
        });
    }

    /** Reset the connection, failing queued messages; any thread. */
    public void abort() {
        loop.execute(() -> {
            if (connection != null && closeCode == null) {
                connection.abort();
            }
        });
    }

    /** The transport connection, once bound; loop thread. */
    public Connection connection() {
        return connection;
    }

    /** Null while open, else the canonical code it ended with. */
    public String closeCode() {
        return closeCode;
    }

    /** Binds the transport handle returned by {@code connect}; loop thread. */
    public MessageConnection bind(Connection transportConnection) {
        if (connection == null) {
            connection = transportConnection;
            flush();
        }
        return this;
    }

    private void enqueue(Pending pending) {
        if (closeCode != null) {
            pending.done.completeExceptionally(new FramingException(closeCode, "the connection has ended"));
            return;
        }
        if (closeRequested) {
            pending.done.completeExceptionally(new FramingException(CloseReason.TR_CLOSED.name(),
                    "the connection is closing"));
            return;
        }
        int length = pending.frame.length;
        if (!queue.isEmpty() && queuedBytes + length > config.maxQueuedBytes()) {
            pending.done.completeExceptionally(new FramingException(FramingError.FR_BACKPRESSURE.name(),
                    queuedBytes + " bytes already queued; the limit is " + config.maxQueuedBytes()));
            return;
        }
        queue.add(pending);
        queuedBytes += length;
        flush();
    }

    /** Hands queued frames to the transport in order, each completely before the next [FR-SEND-2]. */
    private void flush() {
        if (connection == null || closeCode != null) {
            return;
        }
        Pending head;
        while ((head = queue.peek()) != null) {
            int accepted;
            try {
                accepted = connection.send(head.frame, head.written, head.frame.length - head.written);
            } catch (IllegalStateException closing) {
                // The user closed: nothing more may be sent; the queued messages fail [FR-SEND-4].
                failQueued(CloseReason.TR_CLOSED.name());
                return;
            }
            head.written += accepted;
            if (head.written < head.frame.length) {
                return; // onWritable resumes
            }
            queue.poll();
            queuedBytes -= head.frame.length;
            head.done.complete(null);
        }
        if (closeRequested) {
            connection.close(); // idempotent; every queued frame is in the transport, ahead of the FIN
        }
    }

    private void failQueued(String code) {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.done.completeExceptionally(new FramingException(code, "the connection ended before the message was sent"));
        }
        queuedBytes = 0;
    }

    // ---- transport events (loop thread) ----------------------------------------------------------------------

    @Override
    public void onOpen(Connection transportConnection) {
        bind(transportConnection);
        listener.onOpen(this);
        flush();
    }

    @Override
    public void onData(Connection transportConnection, byte[] data) {
        bind(transportConnection);
        FramingError error = decoder.feed(data, 0, data.length, message -> listener.onMessage(this, message));
        if (error != null && closeCode == null) {
            end(error.name()); // [FR-ERR-1]
            transportConnection.abort();
        }
    }

    @Override
    public void onPeerClosed(Connection transportConnection) {
        FramingError error = decoder.onEndOfStream();
        if (error != null && closeCode == null) {
            end(error.name()); // [FR-ERR-2]
            transportConnection.abort();
            return;
        }
        listener.onPeerClosed(this);
    }

    @Override
    public void onWritable(Connection transportConnection) {
        flush();
    }

    @Override
    public void onClose(Connection transportConnection, CloseReason reason) {
        bind(transportConnection);
        end(reason.name());
    }

    private void end(String code) {
        if (closeCode != null) {
            return;
        }
        closeCode = code;
        failQueued(code);
        listener.onClose(this, code);
    }

    @Override
    public String toString() {
        return "MessageConnection[" + connection + ", queued_bytes=" + queuedBytes + ", close_code=" + closeCode + "]";
    }
}
