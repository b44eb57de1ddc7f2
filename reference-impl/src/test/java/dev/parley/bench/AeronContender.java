package dev.parley.bench;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ReceiveChannelEndpointSupplier;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.ext.DebugReceiveChannelEndpoint;
import io.aeron.driver.ext.LossGenerator;
import io.aeron.driver.ext.RandomLossGenerator;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.status.SystemCounterDescriptor;
import io.aeron.logbuffer.FragmentHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Aeron 1.51, the reference reliable transport: an embedded media driver in {@link ThreadingMode#SHARED}
 * (one driver thread for conductor, sender and receiver), one publication and one subscription on a
 * loopback UDP channel, a sender thread that keeps offering and a receiver thread that keeps polling.
 *
 * <p>Datagram size: Aeron aligns every frame to 32 bytes and puts a 32-byte data header in front of each
 * message, so a datagram of exactly 1200 bytes is impossible. With an MTU of 1216 and messages of 1184
 * bytes every data datagram carries exactly one 1216-byte frame, the closest to 1200 bytes that wastes no
 * padding.
 *
 * <p>Loss: Aeron's own debug loss injection, a {@link DebugReceiveChannelEndpoint} with a seeded
 * {@link RandomLossGenerator} on data frames (setup, status and NAK messages are not dropped). It is built
 * per run through {@link MediaDriver.Context#receiveChannelEndpointSupplier}, because the
 * {@code aeron.debug.receive.data.loss.*} system properties are read once per JVM and this bench needs a
 * different rate per run.
 */
final class AeronContender implements Contender {

    static final int MTU_BYTES = 1216;
    static final int MESSAGE_BYTES = MTU_BYTES - 32;
    private static final int STREAM_ID = 1001;
    private static final int FRAGMENT_LIMIT = 256;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final LossGenerator NO_LOSS = (address, buffer, length) -> false;
    private static final SystemCounterDescriptor[] REPORTED_COUNTERS = {
        SystemCounterDescriptor.NAK_MESSAGES_SENT, SystemCounterDescriptor.RETRANSMITS_SENT,
        SystemCounterDescriptor.LOSS_GAP_FILLS, SystemCounterDescriptor.STATUS_MESSAGES_SENT,
    };

    private final Duration warmup;

    AeronContender(Duration warmup) {
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return "aeron";
    }

    @Override
    public Result run(double lossRate, Duration duration, long seed) throws Exception {
        Path tempDir = Files.createTempDirectory(tempBase(), "parley-bench-aeron-");
        MediaDriver.Context driverContext = new MediaDriver.Context()
                .aeronDirectoryName(tempDir.resolve("driver").toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .socketSndbufLength(Loopback.SOCKET_BUFFER_BYTES)
                .socketRcvbufLength(Loopback.SOCKET_BUFFER_BYTES)
                .mtuLength(MTU_BYTES);
        if (lossRate > 0) {
            driverContext.receiveChannelEndpointSupplier(lossySupplier(lossRate, seed));
        }
        String channel = "aeron:udp?endpoint=" + Loopback.HOST + ":" + Loopback.freePort() + "|mtu=" + MTU_BYTES;
        DeliveryCounter counter = new DeliveryCounter();
        Loopback.Failure failure = new Loopback.Failure();
        AtomicBoolean running = new AtomicBoolean(true);
        DeliveryCounter.Window window;
        Map<String, Long> counters = new LinkedHashMap<>();
        try (MediaDriver driver = MediaDriver.launch(driverContext);
             Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
             Subscription subscription = aeron.addSubscription(channel, STREAM_ID);
             Publication publication = aeron.addPublication(channel, STREAM_ID)) {
            Loopback.await("aeron publication and subscription connected", CONNECT_TIMEOUT,
                    () -> publication.isConnected() && subscription.imageCount() > 0);
            Thread receiver = Loopback.start("aeron-receiver", failure, () -> receive(subscription, counter, running));
            Thread sender = Loopback.start("aeron-sender", failure, () -> send(publication, running));
            try {
                window = counter.measure(warmup, duration);
            } finally {
                running.set(false);
                receiver.join(TimeUnit.SECONDS.toMillis(5));
                sender.join(TimeUnit.SECONDS.toMillis(5));
            }
            CountersReader reader = aeron.countersReader();
            for (SystemCounterDescriptor descriptor : REPORTED_COUNTERS) {
                counters.put(descriptor.name().toLowerCase(Locale.ROOT), reader.getCounterValue(descriptor.id()));
            }
        } finally {
            deleteRecursively(tempDir);
        }
        failure.rethrow();
        return Result.measured(name(), lossRate, window, MTU_BYTES, MESSAGE_BYTES, counters);
    }

    private static ReceiveChannelEndpointSupplier lossySupplier(double lossRate, long seed) {
        return (udpChannel, dispatcher, statusIndicator, context) -> {
            ReceiveChannelEndpoint endpoint = new DebugReceiveChannelEndpoint(udpChannel, dispatcher, statusIndicator,
                    context, new RandomLossGenerator(lossRate, seed), NO_LOSS);
            return endpoint;
        };
    }

    private static void send(Publication publication, AtomicBoolean running) {
        UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_BYTES));
        for (int i = 0; i < MESSAGE_BYTES; i++) {
            message.putByte(i, (byte) i);
        }
        IdleStrategy idle = new BackoffIdleStrategy();
        while (running.get()) {
            long position = publication.offer(message, 0, MESSAGE_BYTES);
            if (position == Publication.CLOSED || position == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("publication failed: " + position);
            }
            // Back pressure, admin action or a moment not connected: try again after backing off.
            idle.idle(position > 0 ? 1 : 0);
        }
    }

    private static void receive(Subscription subscription, DeliveryCounter counter, AtomicBoolean running) {
        FragmentHandler handler = (buffer, offset, length, header) -> counter.add(1, length);
        IdleStrategy idle = new BackoffIdleStrategy();
        while (running.get()) {
            idle.idle(subscription.poll(handler, FRAGMENT_LIMIT));
        }
    }

    /** Aeron's own default lives in /dev/shm; memory-mapped term buffers on a disk would measure the disk. */
    private static Path tempBase() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
