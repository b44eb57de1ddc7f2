package dev.parley.bench;

import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramCodec;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.transport.CloseReason;
import dev.parley.transport.Connection;
import dev.parley.transport.ConnectionListener;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportConfig;
import dev.parley.transport.TransportEndpoint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parley's reliable transport over its datagram layer: two {@link DatagramEndpoint}s on loopback with the
 * default 1200-byte packets, one listening and one connecting. The sender keeps its connection's send
 * buffer full from the loop thread (on open, then on every {@code onWritable}); the receiver counts the
 * bytes the transport delivers in order. Loss: a {@link LossyHandler} in front of the receiving endpoint's
 * transport drops incoming segments, from the moment the connection is open.
 */
final class ParleyContender implements Contender {

    private static final int PORT = 7000;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final Duration warmup;

    ParleyContender(Duration warmup) {
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return "parley";
    }

    @Override
    public Result run(double lossRate, Duration duration, long seed) throws Exception {
        DeliveryCounter counter = new DeliveryCounter();
        SenderSide senderSide = new SenderSide();
        try (DatagramEndpoint receiver = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
             DatagramEndpoint sender = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM)) {
            TransportConfig config = DatagramTransport.configFor(receiver);
            int payloadBytes = config.maxData(0);
            int datagramBytes = config.maxSegmentBytes() + DatagramCodec.HEADER_LENGTH;

            LossyHandler[] lossyHolder = new LossyHandler[1];
            TransportEndpoint receiverTransport = DatagramTransport.attach(receiver, config,
                    handler -> lossyHolder[0] = new LossyHandler(handler, lossRate, seed));
            LossyHandler lossy = lossyHolder[0];
            TransportEndpoint senderTransport = DatagramTransport.attach(sender, DatagramTransport.configFor(sender));
            receiver.start();
            sender.start();

            receiver.submit(() -> {
                receiverTransport.listen(PORT, accepted -> new CountingListener(counter, payloadBytes, lossy));
                return null;
            }).get(5, TimeUnit.SECONDS);
            sender.submit(() -> senderTransport.connect(receiver.localAddress(), PORT, senderSide))
                    .get(5, TimeUnit.SECONDS);
            Loopback.await("parley connection open", OPEN_TIMEOUT, () -> senderSide.opened || senderSide.closed != null);

            DeliveryCounter.Window window = counter.measure(warmup, duration);

            Map<String, Long> counters = new LinkedHashMap<>();
            sender.submit(() -> {
                senderTransport.stats().snapshot().forEach((k, v) -> counters.put("sender." + k, v));
                counters.put("sender.datagram_send_failed", sender.stats().sendFailed());
                return null;
            }).get(5, TimeUnit.SECONDS);
            receiver.submit(() -> {
                receiverTransport.stats().snapshot().forEach((k, v) -> counters.put("receiver." + k, v));
                counters.put("receiver.injected_drops", lossy.dropped());
                counters.put("receiver.datagram_send_failed", receiver.stats().sendFailed());
                return null;
            }).get(5, TimeUnit.SECONDS);
            if (senderSide.closed != null) {
                return Result.unavailable(name(), lossRate, "connection closed during the run: " + senderSide.closed);
            }
            return Result.measured(name(), lossRate, window, datagramBytes, payloadBytes, counters);
        }
    }

    /** The receiving application: counts delivered bytes; arms the loss once the connection is open. */
    private static final class CountingListener implements ConnectionListener {
        private final DeliveryCounter counter;
        private final int payloadBytes;
        private final LossyHandler lossy;

        CountingListener(DeliveryCounter counter, int payloadBytes, LossyHandler lossy) {
            this.counter = counter;
            this.payloadBytes = payloadBytes;
            this.lossy = lossy;
        }

        @Override
        public void onOpen(Connection connection) {
            lossy.arm();
        }

        @Override
        public void onData(Connection connection, byte[] data) {
            counter.addStreamBytes(data.length, payloadBytes);
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
        }
    }

    /** The sending application: keeps the send buffer full. Loop thread; the flags are read by the main thread. */
    private static final class SenderSide implements ConnectionListener {
        private final byte[] chunk = new byte[CHUNK_BYTES];
        volatile boolean opened;
        volatile CloseReason closed;

        @Override
        public void onOpen(Connection connection) {
            opened = true;
            fill(connection);
        }

        @Override
        public void onWritable(Connection connection) {
            fill(connection);
        }

        @Override
        public void onData(Connection connection, byte[] data) {
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
            closed = reason;
        }

        private void fill(Connection connection) {
            // send() copies what fits and returns less than offered once the buffer is full; onWritable follows.
            while (connection.send(chunk, 0, chunk.length) == chunk.length) {
                // keep offering
            }
        }
    }
}
