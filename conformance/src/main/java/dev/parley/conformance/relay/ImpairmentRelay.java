package dev.parley.conformance.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP proxy on loopback that impairs the datagrams passing through it, reproducibly.
 *
 * <p>Clients send to {@link #address()}; the relay forwards to its target from a socket of its own
 * per client (like a NAT, so the target sees one source port per client and its answers find their
 * way back) and forwards the target's answers to that client. Each {@link Direction} has its own
 * {@link Impairment} and its own random stream split from the seed, so the fate of the n-th
 * datagram of a direction depends only on the seed and n.
 *
 * <p>One thread owns the sockets and the queue of delayed datagrams; the queue, the number of
 * clients and the datagram size are bounded, and what a bound turns away is counted as
 * {@code overflowed}. {@link #close()} stops the thread and releases the sockets.
 */
public final class ImpairmentRelay implements AutoCloseable {

    /** Sees every copy the relay sends, on the relay's thread; must be quick and must not throw. */
    @FunctionalInterface
    public interface Observer {
        void onForward(Direction direction, InetSocketAddress from, InetSocketAddress to, byte[] datagram);

        /** Sees every datagram the relay loses on purpose, on the relay's thread; ignored by default. */
        default void onLoss(Direction direction, InetSocketAddress from, InetSocketAddress to, byte[] datagram) {
        }
    }

    /** Largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;
    private static final int MAX_READS_PER_WAKEUP = 256;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final InetSocketAddress target;
    private final long seed;
    private final int maxQueued;
    private final int maxClients;
    private final Observer observer;
    private final Map<Direction, Impairment> impairments = new EnumMap<>(Direction.class);
    private final Map<Direction, SplittableRandom> randoms = new EnumMap<>(Direction.class);
    private final Map<Direction, Counters> counters = new EnumMap<>(Direction.class);
    private final Map<Direction, long[]> ingressIndex = new EnumMap<>(Direction.class);
    private final Map<Direction, long[]> highestSentIndex = new EnumMap<>(Direction.class);

    private final Selector selector;
    private final DatagramChannel front;
    private final InetSocketAddress frontAddress;
    private final Map<InetSocketAddress, DatagramChannel> backByClient = new HashMap<>();
    private final PriorityQueue<Pending> queue;
    private final Map<Direction, List<Held>> held = new EnumMap<>(Direction.class);
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM + 1);
    private final Thread thread;

    private volatile boolean running = true;
    private volatile Throwable failure;
    private long enqueueOrder;

    private ImpairmentRelay(Builder builder) throws IOException {
        this.target = builder.target;
        this.seed = builder.seed;
        this.maxQueued = builder.maxQueued;
        this.maxClients = builder.maxClients;
        this.observer = builder.observer;
        SplittableRandom root = new SplittableRandom(seed);
        for (Direction direction : Direction.values()) {
            impairments.put(direction, builder.impairments.get(direction));
            randoms.put(direction, root.split());
            counters.put(direction, new Counters());
            ingressIndex.put(direction, new long[1]);
            highestSentIndex.put(direction, new long[] {-1});
            held.put(direction, new ArrayList<>());
        }
        this.queue = new PriorityQueue<>(Math.min(maxQueued, 1024));
        this.selector = Selector.open();
        try {
            this.front = openChannel(builder.bindAddress);
            this.frontAddress = (InetSocketAddress) front.getLocalAddress();
            front.register(selector, SelectionKey.OP_READ, null);
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::run, "impairment-relay-" + frontAddress.getPort());
        thread.setDaemon(true);
    }

    /** Starts describing a relay that forwards to {@code target}. */
    public static Builder to(InetSocketAddress target) {
        return new Builder(target);
    }

    /** Where clients send their datagrams. */
    public InetSocketAddress address() {
        return frontAddress;
    }

    /** The address the relay forwards to. */
    public InetSocketAddress target() {
        return target;
    }

    public long seed() {
        return seed;
    }

    public Impairment impairment(Direction direction) {
        return impairments.get(direction);
    }

    /** A snapshot of what the relay did to one direction so far. */
    public RelayCounts counts(Direction direction) {
        return counters.get(direction).snapshot();
    }

    /** True while the relay's thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops the relay and releases its sockets; datagrams still delayed are discarded. Idempotent.
     *
     * @throws IllegalStateException if the relay's loop had failed
     */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("impairment relay did not stop within " + CLOSE_TIMEOUT);
        }
        closeChannels();
        if (failure != null) {
            throw new IllegalStateException("impairment relay loop failed", failure);
        }
    }

    @Override
    public String toString() {
        return "ImpairmentRelay[" + frontAddress + " -> " + target + ", seed=" + seed
                + ", to_target=" + impairments.get(Direction.TO_TARGET)
                + ", from_target=" + impairments.get(Direction.FROM_TARGET) + "]";
    }

    private void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                long wakeUpNanos = nextWakeUpNanos();
                if (wakeUpNanos == -1) {
                    selector.select();
                } else {
                    long waitNanos = wakeUpNanos - System.nanoTime();
                    if (waitNanos <= 0) {
                        selector.selectNow();
                    } else {
                        selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
                    }
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        onReadable((DatagramChannel) key.channel(), (InetSocketAddress) key.attachment());
                    }
                }
                sendDue(System.nanoTime());
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            queue.clear();
            held.values().forEach(List::clear);
            closeChannels();
        }
    }

    /** {@code client} is null for the front socket, else the client a back socket serves. */
    private void onReadable(DatagramChannel channel, InetSocketAddress client) throws IOException {
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            receiveBuffer.clear();
            SocketAddress from = channel.receive(receiveBuffer);
            if (from == null) {
                return;
            }
            receiveBuffer.flip();
            byte[] datagram = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(datagram);
            if (client == null) {
                onFromClient((InetSocketAddress) from, datagram);
            } else if (from.equals(target)) {
                onDatagram(Direction.FROM_TARGET, datagram, front, client);
            }
        }
    }

    private void onFromClient(InetSocketAddress client, byte[] datagram) throws IOException {
        DatagramChannel back = backByClient.get(client);
        if (back == null) {
            if (backByClient.size() >= maxClients) {
                Counters c = counters.get(Direction.TO_TARGET);
                c.received.incrementAndGet();
                c.overflowed.incrementAndGet();
                return;
            }
            back = openChannel(new InetSocketAddress(frontAddress.getAddress(), 0));
            back.register(selector, SelectionKey.OP_READ, client);
            backByClient.put(client, back);
        }
        onDatagram(Direction.TO_TARGET, datagram, back, target);
    }

    /** Decides the fate of one datagram: loss, duplication, then per copy corruption and delay. */
    private void onDatagram(Direction direction, byte[] datagram, DatagramChannel via, InetSocketAddress to) {
        Impairment impairment = impairments.get(direction);
        SplittableRandom random = randoms.get(direction);
        Counters c = counters.get(direction);
        c.received.incrementAndGet();
        long index = ingressIndex.get(direction)[0]++;
        // Draw every decision for every datagram, so the n-th datagram's fate depends only on n.
        boolean lose = random.nextDouble() < impairment.lossRate();
        boolean duplicate = random.nextDouble() < impairment.duplicateRate();
        if (lose) {
            c.lost.incrementAndGet();
            if (observer != null) {
                try {
                    observer.onLoss(direction, (InetSocketAddress) via.getLocalAddress(), to, datagram);
                } catch (IOException e) {
                    observer.onLoss(direction, null, to, datagram);
                }
            }
            return;
        }
        if (duplicate) {
            c.duplicated.incrementAndGet();
        }
        long nowNanos = System.nanoTime();
        for (int copy = 0; copy < (duplicate ? 2 : 1); copy++) {
            byte[] bytes = datagram.clone();
            boolean corrupt = random.nextDouble() < impairment.corruptRate();
            int bit = random.nextInt(Math.max(1, bytes.length * 8));
            long jitterNanos = impairment.jitter().toNanos();
            long delayNanos = impairment.delay().toNanos() + (jitterNanos > 0 ? random.nextLong(jitterNanos + 1) : 0);
            boolean holdBack = random.nextDouble() < impairment.reorderRate();
            int passers = 1 + random.nextInt(impairment.reorderDepth());
            if (corrupt && bytes.length > 0) {
                bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
                c.corrupted.incrementAndGet();
            }
            if (queue.size() + heldCount() >= maxQueued) {
                c.overflowed.incrementAndGet();
                continue;
            }
            queue.add(new Pending(nowNanos + delayNanos, enqueueOrder++, direction, index, bytes, via, to,
                    holdBack ? passers : 0));
        }
    }

    /**
     * Sends every copy whose delay has passed. A copy marked for reordering is not sent yet but
     * held until {@code passers} later copies of its direction went by, or its hold expired.
     */
    private void sendDue(long nowNanos) throws IOException {
        List<Pending> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().dueNanos - nowNanos <= 0) {
            due.add(queue.poll());
        }
        for (Pending p : due) {
            if (p.passers > 0) {
                counters.get(p.direction).heldBack.incrementAndGet();
                held.get(p.direction).add(new Held(p, p.passers,
                        nowNanos + impairments.get(p.direction).reorderMaxHold().toNanos()));
                continue;
            }
            send(p);
            releasePassed(p.direction);
        }
        for (Direction direction : Direction.values()) {
            Iterator<Held> it = held.get(direction).iterator();
            while (it.hasNext()) {
                Held h = it.next();
                if (h.expiresAtNanos - nowNanos <= 0) {
                    it.remove();
                    send(h.pending);
                }
            }
        }
    }

    /** A copy of {@code direction} went by: every held copy of that direction has one passer fewer to wait for. */
    private void releasePassed(Direction direction) throws IOException {
        List<Pending> released = new ArrayList<>();
        Iterator<Held> it = held.get(direction).iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (--h.passersLeft <= 0) {
                it.remove();
                released.add(h.pending);
            }
        }
        for (Pending p : released) {
            send(p);
        }
    }

    private void send(Pending p) throws IOException {
        Counters c = counters.get(p.direction);
        if (!p.via.isOpen()) {
            c.overflowed.incrementAndGet();
            return;
        }
        int sent = p.via.send(ByteBuffer.wrap(p.datagram), p.to);
        if (sent == 0) {
            c.overflowed.incrementAndGet();
            return;
        }
        c.forwarded.incrementAndGet();
        long[] highest = highestSentIndex.get(p.direction);
        if (p.index < highest[0]) {
            c.outOfOrder.incrementAndGet();
        } else {
            highest[0] = p.index;
        }
        if (observer != null) {
            observer.onForward(p.direction, (InetSocketAddress) p.via.getLocalAddress(), p.to, p.datagram);
        }
    }

    private int heldCount() {
        return held.get(Direction.TO_TARGET).size() + held.get(Direction.FROM_TARGET).size();
    }

    /** When the loop must wake up next: the earliest due copy or expiring hold; -1 if none. */
    private long nextWakeUpNanos() {
        long next = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().dueNanos;
        boolean any = !queue.isEmpty();
        for (Direction direction : Direction.values()) {
            for (Held h : held.get(direction)) {
                if (!any || h.expiresAtNanos - next < 0) {
                    next = h.expiresAtNanos;
                    any = true;
                }
            }
        }
        return any ? next : -1;
    }

    private static DatagramChannel openChannel(InetSocketAddress bindAddress) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(bindAddress);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private synchronized void closeChannels() {
        for (DatagramChannel back : backByClient.values()) {
            closeQuietly(back);
        }
        closeQuietly(front);
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing a socket we own: nothing useful to do if the OS complains.
        }
    }

    /** A copy waiting for its delay; {@code passers} > 0 marks it for reordering. */
    private record Pending(long dueNanos, long order, Direction direction, long index, byte[] datagram,
                           DatagramChannel via, InetSocketAddress to, int passers) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending other) {
            int byTime = Long.compare(dueNanos - other.dueNanos, 0);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    /** A copy held back until {@code passersLeft} later copies went by or {@code expiresAtNanos}. */
    private static final class Held {
        final Pending pending;
        int passersLeft;
        final long expiresAtNanos;

        Held(Pending pending, int passersLeft, long expiresAtNanos) {
            this.pending = pending;
            this.passersLeft = passersLeft;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    /** Written only by the relay's thread, read by anyone. */
    private static final class Counters {
        final AtomicLong received = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong duplicated = new AtomicLong();
        final AtomicLong corrupted = new AtomicLong();
        final AtomicLong heldBack = new AtomicLong();
        final AtomicLong forwarded = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final AtomicLong overflowed = new AtomicLong();

        RelayCounts snapshot() {
            return new RelayCounts(received.get(), lost.get(), duplicated.get(), corrupted.get(), heldBack.get(),
                    forwarded.get(), outOfOrder.get(), overflowed.get());
        }
    }

    /** Configures and starts an {@link ImpairmentRelay}. */
    public static final class Builder {
        private final InetSocketAddress target;
        private final Map<Direction, Impairment> impairments = new EnumMap<>(Direction.class);
        private InetSocketAddress bindAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private long seed;
        private int maxQueued = 4096;
        private int maxClients = 16;
        private Observer observer;

        private Builder(InetSocketAddress target) {
            this.target = Objects.requireNonNull(target, "target");
            if (target.isUnresolved()) {
                throw new IllegalArgumentException("target must be resolved: " + target);
            }
            impairments.put(Direction.TO_TARGET, Impairment.none());
            impairments.put(Direction.FROM_TARGET, Impairment.none());
        }

        /** The seed every decision derives from; the same seed replays the same fates. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder toTarget(Impairment impairment) {
            impairments.put(Direction.TO_TARGET, Objects.requireNonNull(impairment));
            return this;
        }

        public Builder fromTarget(Impairment impairment) {
            impairments.put(Direction.FROM_TARGET, Objects.requireNonNull(impairment));
            return this;
        }

        /** The same impairment both ways (each direction still draws from its own random stream). */
        public Builder bothWays(Impairment impairment) {
            return toTarget(impairment).fromTarget(impairment);
        }

        /** Bound on datagrams delayed or held back, both directions together. */
        public Builder maxQueued(int value) {
            if (value < 1 || value > 1_000_000) {
                throw new IllegalArgumentException("maxQueued must be within [1, 1000000], was " + value);
            }
            this.maxQueued = value;
            return this;
        }

        /** Bound on distinct client addresses, each of which costs the relay one socket. */
        public Builder maxClients(int value) {
            if (value < 1 || value > 1024) {
                throw new IllegalArgumentException("maxClients must be within [1, 1024], was " + value);
            }
            this.maxClients = value;
            return this;
        }

        /** The local address clients send to; loopback, port 0 by default. */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        public Builder observer(Observer value) {
            this.observer = value;
            return this;
        }

        /** Binds the relay's socket and starts its thread. */
        public ImpairmentRelay start() throws IOException {
            ImpairmentRelay relay = new ImpairmentRelay(this);
            relay.start();
            return relay;
        }
    }
}
