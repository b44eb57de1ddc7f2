package dev.parley.framing;

import dev.parley.transport.CloseReason;
import dev.parley.transport.Connection;
import dev.parley.transport.ConnectionListener;
import dev.parley.transport.TransportStateException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages over one transport connection (spec/framing.md). It is the connection's
 * {@link ConnectionListener}: pass it to {@code connect} or return it from an {@code Acceptor}.
 *
 * <p>{@link #send} may be called from any thread: it counts the frame against the send-queue bound on the
 * caller's thread, before the frame travels to the loop [FR-SEND-3], then the frame is queued whole by one task
 * on the connection's loop [FR-SEND-1], and the loop writes queued frames to the transport in order, each
 * completely before the next [FR-SEND-2]. Everything else runs on the loop thread. Its partial frame and
 * transport buffers are counted in the node's {@link MemoryBudget} [FR-MEM-1].
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
    private final MemoryBudget budget;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /**
     * {@code queuedBytes} of [FR-SEND-3]: frames accepted by {@link #send} and not yet handed to the transport
     * whole, counted from the moment send accepts them on the caller's thread, so that frames on their way to
     * the loop count too.
     */
    private final AtomicLong queuedBytes = new AtomicLong();
    private Connection connection;
    /** Created with the binding, on the loop thread. */
    private FrameDecoder decoder;
    private MemoryBudget.Account account;
    /** Transport buffer bytes last counted in {@link #account}. */
    private long countedTransportBytes;
    private volatile String closeCode;
    /** The user asked for an orderly close; it happens once the queue has drained [FR-SEND-2]. */
    private boolean closeRequested;

    /**
     * @param loop runs tasks on the loop thread of the connection's endpoint, in order
     *             (e.g. {@code datagramEndpoint::execute})
     */
    public MessageConnection(FramingConfig config, Executor loop, MessageListener listener) {
        this(config, loop, listener, MemoryBudget.unlimited());
    }

    /**
     * @param loop   runs tasks on the loop thread of the connection's endpoint, in order; may refuse a task with
     *               {@link RejectedExecutionException} when its queue is full
     * @param budget the memory budget of the node, shared by all its connections on that loop [FR-MEM-1]
     */
    public MessageConnection(FramingConfig config, Executor loop, MessageListener listener, MemoryBudget budget) {
        this.config = config;
        this.loop = loop;
        this.listener = listener;
        this.budget = budget;
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

    /**
     * Counts the frame against {@code max_queued_bytes} here, on the caller's thread, before it travels to the
     * loop [FR-SEND-3]; a loop whose task queue is full refuses it the same way.
     */
    private CompletableFuture<Void> sendFrame(byte[] frame) {
        int length = frame.length;
        long before;
        do {
            before = queuedBytes.get();
            if (before > 0 && before + length > config.maxQueuedBytes()) {
                return CompletableFuture.failedFuture(new FramingException(FramingError.FR_BACKPRESSURE.name(),
                        before + " bytes already queued; the limit is " + config.maxQueuedBytes()));
            }
        } while (!queuedBytes.compareAndSet(before, before + length));
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> enqueue(new Pending(frame, done)));
        } catch (RejectedExecutionException full) {
            queuedBytes.addAndGet(-length);
            done.completeExceptionally(new FramingException(FramingError.FR_BACKPRESSURE.name(),
                    "the loop's task queue is full: " + full.getMessage()));
        }
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
            account = budget.open(this::resetForMemory);
            decoder = new FrameDecoder(config.maxMessageBytes(), account);
            flush();
        }
        return this;
    }

    /** Bytes this connection holds in the node's memory budget (transport buffers and partial frame). */
    public long memoryBytes() {
        return account == null ? 0 : account.bytes();
    }

    private void enqueue(Pending pending) {
        if (closeCode != null || closeRequested) {
            queuedBytes.addAndGet(-pending.frame.length);
            pending.done.completeExceptionally(closeCode != null
                    ? new FramingException(closeCode, "the connection has ended")
                    : new FramingException(CloseReason.TR_CLOSED.name(), "the connection is closing"));
            return;
        }
        queue.add(pending);
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
            } catch (TransportStateException closing) {
                // The transport refuses sends (closed under us): the queued messages fail [FR-SEND-4].
                failQueued(CloseReason.TR_CLOSED.name());
                return;
            } catch (RuntimeException bug) {
                // Not a refusal but a fault: the sender learns of it as such, never as a close reason.
                queue.poll();
                queuedBytes.addAndGet(-head.frame.length);
                head.done.completeExceptionally(bug);
                throw bug;
            }
            head.written += accepted;
            if (head.written < head.frame.length) {
                return; // onWritable resumes
            }
            queue.poll();
            queuedBytes.addAndGet(-head.frame.length);
            head.done.complete(null);
        }
        if (closeRequested) {
            connection.close(); // idempotent; every queued frame is in the transport, ahead of the FIN
        }
    }

    private void failQueued(String code) {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            queuedBytes.addAndGet(-pending.frame.length);
            pending.done.completeExceptionally(new FramingException(code, "the connection ended before the message was sent"));
        }
    }

    /**
     * Counts the transport's buffers as they are now; if the budget is exceeded, the largest connection is reset
     * (this one, or another) [FR-MEM-2].
     */
    private void countTransportMemory() {
        if (account == null || closeCode != null) {
            return;
        }
        long now = connection.bufferCapacityBytes();
        account.adjust(now - countedTransportBytes);
        countedTransportBytes = now;
        if (budget.exceeded() && !account.tryReserve(0)) {
            resetForMemory();
        }
    }

    /** The node's memory budget chose this connection: it ends with {@code FR_MEMORY} and is reset [FR-MEM-2]. */
    private void resetForMemory() {
        if (closeCode == null) {
            end(FramingError.FR_MEMORY.name());
            connection.abort();
        }
    }

    // ---- transport events (loop thread) ----------------------------------------------------------------------

    @Override
    public void onOpen(Connection transportConnection) {
        bind(transportConnection);
        countTransportMemory();
        listener.onOpen(this);
        flush();
    }

    @Override
    public void onData(Connection transportConnection, byte[] data) {
        bind(transportConnection);
        countTransportMemory();
        if (closeCode != null) {
            return;
        }
        FramingError error = decoder.feed(data, 0, data.length, message -> listener.onMessage(this, message));
        if (error != null && closeCode == null) {
            end(error.name()); // [FR-ERR-1] [FR-MEM-2]
            transportConnection.abort();
        }
    }

    @Override
    public void onPeerClosed(Connection transportConnection) {
        bind(transportConnection);
        if (closeCode != null) {
            return;
        }
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
        countTransportMemory();
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
        if (account != null) {
            account.close();
        }
        failQueued(code);
        listener.onClose(this, code);
    }

    @Override
    public String toString() {
        return "MessageConnection[" + connection + ", queued_bytes=" + queuedBytes + ", memory_bytes=" + memoryBytes()
                + ", close_code=" + closeCode + "]";
    }
}
