package dev.parley.datagram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket and the single event-loop thread that owns it [TR-LOOP-1]: it receives datagrams,
 * decodes them with {@link DatagramCodec}, drops and counts malformed ones [DG-DROP-1], answers the
 * control protocol, hands every other packet to the {@link ProtocolHandler} registered for its
 * protocol, and runs those handlers' timers. Other threads talk to the loop only through
 * {@link #execute(Runnable)} and {@link #submit(Callable)}.
 */
public final class DatagramEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramEndpoint.class);
    /** Datagrams read per wake-up before timers and tasks get their turn. */
    private static final int RECEIVE_BATCH = 64;
    /** Tasks other threads may have waiting for the loop; more are refused, never queued without bound. */
    public static final int MAX_PENDING_TASKS = 65_536;
    private static final long DROP_SUMMARY_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Control message header (type, code) plus the unreachable body's fixed part. */
    private static final int UNREACHABLE_OVERHEAD = DatagramCodec.HEADER_LENGTH + 2 + 4;

    private final DatagramConfig config;
    private final Clock clock;
    private final DatagramCodec codec;
    private final DatagramChannel channel;
    private final Selector selector;
    private final ProtocolHandler[] handlers = new ProtocolHandler[256];
    private final Queue<Runnable> tasks = new LinkedBlockingQueue<>(MAX_PENDING_TASKS);
    private final DatagramStats stats = new DatagramStats();
    private final ReplyLimiter replyLimiter;
    private final ByteBuffer receiveBuffer;
    /** Per drop code: when it was last logged, and how many drops since then [DG-DROP-4]. */
    private final long[] dropLoggedAtNanos = new long[DropReason.values().length];
    private final long[] dropsSinceLog = new long[DropReason.values().length];
    private final Set<DropReason> loggedDrops = EnumSet.noneOf(DropReason.class);
    private final InetSocketAddress localAddress;
    private final Thread thread;
    private volatile boolean running;
    private BiConsumer<InetSocketAddress, Control> controlListener = (from, control) -> { };
    /** Called once, on the loop thread, when the loop dies of something it cannot survive. */
    private volatile Consumer<Throwable> onFatal = fatal -> { };

    private DatagramEndpoint(DatagramConfig config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.codec = new DatagramCodec(config.maxPacketSize(),
                p -> p == DatagramCodec.PROTOCOL_CONTROL || handlers[p] != null);
        this.replyLimiter = new ReplyLimiter(config.replyRatePerSecond(), config.replyBurst(),
                config.maxTrackedEndpoints(), clock.nanoTime());
        // One byte more than the largest packet, so an oversize datagram is seen as such, not truncated [DG-MTU-2].
        this.receiveBuffer = ByteBuffer.allocate(config.maxPacketSize() + 1);
        this.selector = Selector.open();
        this.channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, config.socketBufferBytes());
            channel.setOption(StandardSocketOptions.SO_SNDBUF, config.socketBufferBytes());
            channel.bind(config.bind());
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            selector.close();
            throw e;
        }
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.thread = new Thread(this::run, "parley-loop-" + localAddress.getPort());
    }

    /** Binds the socket; register handlers, then {@link #start()}. */
    public static DatagramEndpoint open(DatagramConfig config, Clock clock) throws IOException {
        return new DatagramEndpoint(config, clock);
    }

    /**
     * Registers the handler for a protocol number; before {@link #start()} only.
     *
     * @throws IllegalArgumentException for the control protocol, which the endpoint serves itself
     */
    public void register(int protocol, ProtocolHandler handler) {
        if (running) {
            throw new IllegalStateException("register handlers before start()");
        }
        if (protocol <= DatagramCodec.PROTOCOL_CONTROL || protocol > 254) {
            throw new IllegalArgumentException("protocol must be in 2..254: " + protocol);
        }
        handlers[protocol] = handler;
    }

    /** Receives every control message that is not answered by the endpoint itself (echo replies, unreachables). */
    public void onControl(BiConsumer<InetSocketAddress, Control> listener) {
        this.controlListener = listener;
    }

    /**
     * Receives the error that ended the loop (an {@link Error} such as {@link OutOfMemoryError}, or a failing socket).
     * The loop is gone when it is called: a process should end, not keep running deaf (spec/conformance.md,
     * CF-EXIT-2).
     */
    public void onFatal(Consumer<Throwable> handler) {
        this.onFatal = handler;
    }

    public void start() {
        running = true;
        thread.start();
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public DatagramCodec codec() {
        return codec;
    }

    public DatagramStats stats() {
        return stats;
    }

    public Clock clock() {
        return clock;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop thread.
     *
     * @throws RejectedExecutionException if {@value #MAX_PENDING_TASKS} tasks are already waiting
     */
    public void execute(Runnable task) {
        if (!tasks.offer(task)) {
            throw new RejectedExecutionException(MAX_PENDING_TASKS + " tasks already wait for loop " + localAddress);
        }
        selector.wakeup();
    }

    /** Runs {@code task} on the loop thread and completes with its result. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException full) {
            result.completeExceptionally(full);
        }
        return result;
    }

    /**
     * Sends one packet; loop thread only. A full socket buffer loses the packet like the network would;
     * it is counted as {@code send_failed} and the transport above retransmits.
     */
    public void send(InetSocketAddress to, int protocol, byte[] payload) {
        sendPacket(to, codec.encode(protocol, payload));
    }

    /** Sends a control message; loop thread only. */
    public void sendControl(InetSocketAddress to, Control control) {
        sendPacket(to, codec.encodeControlPacket(control));
    }

    /** Sends bytes as they are, well-formed or not (demos and tests of peers); loop thread only. */
    public void sendRaw(InetSocketAddress to, byte[] datagram) {
        sendPacket(to, datagram);
    }

    private void sendPacket(InetSocketAddress to, byte[] packet) {
        assert inLoop() || !running : "send from outside the loop thread";
        try {
            if (channel.send(ByteBuffer.wrap(packet), to) == 0) {
                stats.sendFailed.incrementAndGet();
            } else {
                stats.sent.incrementAndGet();
            }
        } catch (IOException e) {
            stats.sendFailed.incrementAndGet();
            LOG.debug("send to {} failed: {}", to, e.toString());
        }
    }

    private void run() {
        try {
            while (running) {
                runTasks();
                long now = clock.nanoTime();
                runTimers(now);
                long deadline = nextDeadline();
                long waitNanos = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - clock.nanoTime();
                if (!tasks.isEmpty() || waitNanos <= 0) {
                    selector.selectNow();
                } else if (waitNanos == Long.MAX_VALUE) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
                }
                selector.selectedKeys().clear();
                receiveBatch();
            }
        } catch (ClosedChannelException closed) {
            LOG.debug("endpoint {} closed", localAddress);
        } catch (Throwable e) {
            if (!running) {
                LOG.debug("endpoint {} closed: {}", localAddress, e.toString());
                return;
            }
            // An Error (out of memory, ...) or a failing socket: nothing can be answered any more. Say so loudly
            // and let the owner end the process rather than keep it running deaf (CF-EXIT-2).
            running = false;
            LOG.error("loop {} died; the endpoint can no longer send or receive", localAddress, e);
            onFatal.accept(e);
        } finally {
            running = false;
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = 1024;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("task failed on loop {}", localAddress, e);
            }
        }
    }

    private long nextDeadline() {
        long deadline = Long.MAX_VALUE;
        for (ProtocolHandler handler : handlers) {
            if (handler != null) {
                deadline = Math.min(deadline, handler.nextTimeoutNanos());
            }
        }
        return deadline;
    }

    private void runTimers(long now) {
        for (ProtocolHandler handler : handlers) {
            if (handler != null && handler.nextTimeoutNanos() - now <= 0) {
                try {
                    handler.onTimeout(now);
                } catch (RuntimeException e) {
                    LOG.error("timer failed on loop {}", localAddress, e);
                }
            }
        }
    }

    private void receiveBatch() throws IOException {
        for (int i = 0; i < RECEIVE_BATCH; i++) {
            receiveBuffer.clear();
            SocketAddress from = channel.receive(receiveBuffer);
            if (from == null) {
                return;
            }
            try {
                onDatagram((InetSocketAddress) from, receiveBuffer.array(), receiveBuffer.position());
            } catch (RuntimeException e) {
                // A bug above us must not stop the loop (W0); the datagram is lost like a dropped one.
                LOG.error("handler failed on a datagram from {}", from, e);
            }
        }
    }

    /** Procedure {@code ReceiveDatagram} [DG-RECV-1]. */
    void onDatagram(InetSocketAddress from, byte[] datagram, int length) {
        stats.received.incrementAndGet();
        long now = clock.nanoTime();
        Decoded<Packet> decoded = codec.decode(datagram, 0, length);
        if (decoded instanceof Decoded.Dropped<Packet> dropped) {
            drop(dropped.reason(), from);
            if (dropped.reason() == DropReason.DG_UNKNOWN_PROTOCOL) {
                sendUnreachable(from, Control.CODE_PROTOCOL_UNREACHABLE, 0, datagram, length, now);
            }
            return;
        }
        Packet packet = ((Decoded.Ok<Packet>) decoded).value();
        if (packet.nextProtocol() == DatagramCodec.PROTOCOL_CONTROL) {
            onControlPacket(from, packet.payload(), now);
            return;
        }
        stats.deliveredByProtocol.incrementAndGet(packet.nextProtocol());
        Delivery delivery = handlers[packet.nextProtocol()].onPacket(from, packet.payload(), now);
        if (!delivery.delivered()) {
            sendUnreachable(from, Control.CODE_PORT_UNREACHABLE, delivery.unreachablePort(), datagram, length, now);
        }
    }

    private void onControlPacket(InetSocketAddress from, byte[] payload, long now) {
        // Delivered to the control protocol, whether or not it then drops it [DG-STAT-1].
        stats.deliveredByProtocol.incrementAndGet(DatagramCodec.PROTOCOL_CONTROL);
        Decoded<Control> decoded = codec.decodeControl(payload);
        if (decoded instanceof Decoded.Dropped<Control> dropped) {
            drop(dropped.reason(), from);
            return;
        }
        Control control = ((Decoded.Ok<Control>) decoded).value();
        if (control instanceof Control.Echo echo && !echo.reply()) {
            if (replyLimiter.allowReply(from, now)) {
                sendControl(from, echo.toReply()); // [DG-CTL-3]
                stats.echoRepliesSent.incrementAndGet();
            } else {
                stats.rateLimited.incrementAndGet();
            }
            return;
        }
        if (control instanceof Control.Unreachable unreachable) {
            deliverUnreachable(from, unreachable, now);
        }
        controlListener.accept(from, control);
    }

    /** Hands an unreachable to the handler of the protocol of the packet it quotes [DG-CTL-7]. */
    private void deliverUnreachable(InetSocketAddress from, Control.Unreachable unreachable, long now) {
        Packet quoted = codec.decodeQuoted(unreachable.invokingPacket());
        if (quoted == null || quoted.nextProtocol() == DatagramCodec.PROTOCOL_CONTROL) {
            return;
        }
        ProtocolHandler handler = handlers[quoted.nextProtocol()];
        if (handler != null) {
            handler.onUnreachable(from, unreachable.code(), unreachable.port(), quoted.payload(), now);
        }
    }

    /**
     * Answers an undeliverable packet [DG-CTL-4], never about a control packet, never larger than the
     * packet that caused it [DG-AMP-1], and within the reply rate [DG-RATE-1].
     */
    private void sendUnreachable(InetSocketAddress to, int code, int port, byte[] datagram, int length, long now) {
        int quoted = Math.min(Control.MAX_INVOKING_BYTES, length - UNREACHABLE_OVERHEAD);
        if (quoted < DatagramCodec.HEADER_LENGTH) {
            return; // [DG-CTL-10] a quote without a whole header names nothing; a longer reply would amplify
        }
        if (!replyLimiter.allowReply(to, now)) {
            stats.rateLimited.incrementAndGet();
            return;
        }
        sendControl(to, new Control.Unreachable(code, port, Arrays.copyOf(datagram, quoted)));
        stats.unreachableSent.incrementAndGet();
    }

    /** Counts a drop; logs the first of each code, then at most one summary a minute [DG-DROP-4]. */
    private void drop(DropReason reason, InetSocketAddress from) {
        stats.countDrop(reason);
        int i = reason.ordinal();
        long now = clock.nanoTime();
        if (loggedDrops.add(reason)) {
            dropLoggedAtNanos[i] = now;
            LOG.info("dropped a datagram from {}: {} (more of this kind are summarised once a minute)", from, reason);
        } else if (++dropsSinceLog[i] > 0 && now - dropLoggedAtNanos[i] >= DROP_SUMMARY_INTERVAL_NANOS) {
            LOG.info("dropped {} more datagrams as {} in the last minute, the latest from {}", dropsSinceLog[i], reason, from);
            dropLoggedAtNanos[i] = now;
            dropsSinceLog[i] = 0;
        }
    }

    /** Stops the loop (waiting a bounded time for it) and closes the socket. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (thread.isAlive() && !inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            channel.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("close failed", e);
        }
    }
}
