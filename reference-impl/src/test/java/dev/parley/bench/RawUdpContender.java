package dev.parley.bench;

import java.nio.ByteBuffer;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Raw UDP, the physical limit: one thread blasts 1200-byte datagrams from a connected channel, another
 * receives and counts them. No reliability, no loss injection: at every loss rate it is measured as is,
 * so that "× raw" always compares against what loopback can carry during that same part of the run.
 */
final class RawUdpContender implements Contender {

    static final int DATAGRAM_BYTES = 1200;

    private final Duration warmup;

    RawUdpContender(Duration warmup) {
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public Result run(double lossRate, Duration duration, long seed) throws Exception {
        DeliveryCounter counter = new DeliveryCounter();
        Loopback.Failure failure = new Loopback.Failure();
        DeliveryCounter.Window window;
        Thread receiverThread;
        Thread senderThread;
        try (DatagramChannel receiver = Loopback.openChannel(); DatagramChannel sender = Loopback.openChannel()) {
            receiver.connect(sender.getLocalAddress());
            sender.connect(receiver.getLocalAddress());
            receiverThread = Loopback.start("raw-receiver", failure, () -> receive(receiver, counter));
            senderThread = Loopback.start("raw-sender", failure, () -> send(sender));
            window = counter.measure(warmup, duration);
        } // closing both channels ends both loops
        receiverThread.join(TimeUnit.SECONDS.toMillis(5));
        senderThread.join(TimeUnit.SECONDS.toMillis(5));
        failure.rethrow();
        return Result.measured(name(), lossRate, window, DATAGRAM_BYTES, DATAGRAM_BYTES, Map.of());
    }

    private static void receive(DatagramChannel channel, DeliveryCounter counter) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        try {
            while (true) {
                buffer.clear();
                int length = channel.read(buffer);
                counter.add(1, length);
            }
        } catch (ClosedChannelException closed) {
            // the run is over
        }
    }

    private static void send(DatagramChannel channel) throws Exception {
        ByteBuffer datagram = ByteBuffer.allocateDirect(DATAGRAM_BYTES);
        for (int i = 0; i < DATAGRAM_BYTES; i++) {
            datagram.put((byte) i);
        }
        try {
            while (channel.isOpen()) {
                datagram.clear();
                channel.write(datagram);
            }
        } catch (ClosedChannelException | PortUnreachableException closed) {
            // the run is over (the receiver may have closed first)
        }
    }
}
