package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bulk transfer on the in-memory link with random loss in both directions (data and ACKs), 100 µs one-way delay:
 * loss detection [TR-LOSS-1] [TR-LOSS-2] and the tail loss probe [TR-LOSS-3] repair losses without the RTO, so
 * the transfer takes a bounded number of round trips. Before them, every second loss in a window cost a 200 ms
 * RTO.
 */
class LossRecoveryThroughputTest {

    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 40001);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 40002);

    @ParameterizedTest(name = "{0} loss: 8 MiB within {1} ms of simulated time, at most {2} RTO expiries")
    @CsvSource({"0.00, 20, 0", "0.01, 400, 1", "0.05, 1500, 2"})
    @DisplayName("[TR-LOSS-1] [TR-LOSS-2] [TR-LOSS-3] bulk transfer under random loss needs (almost) no RTO")
    void bulkTransferUnderLossAvoidsTimeouts(double loss, long maxMillis, long maxRtos) {
        LossyLink link = new LossyLink(7);
        link.delayNanos = 100_000;
        TransportEndpoint a = link.endpoint(A, TransportConfig.defaults());
        TransportEndpoint b = link.endpoint(B, TransportConfig.defaults());
        Recorder server = new Recorder();
        b.listen(7000, server);
        byte[] data = TransportEndpointTest.pattern(8 << 20, 1);
        Sender sender = new Sender(data, false);
        a.connect(B, 7000, sender);
        link.runUntil(() -> server.opens == 1, 1_000_000_000L);
        link.lossRate = loss;
        long startNanos = link.clock.getAsLong();

        assertThat(link.runUntil(() -> server.received.size() == data.length, 60_000_000_000L)).isTrue();
        assertThat(server.received.toByteArray()).isEqualTo(data);
        assertThat(link.clock.getAsLong() - startNanos).isLessThan(maxMillis * 1_000_000L);
        assertThat(a.stats().retransmissionTimeouts()).isLessThanOrEqualTo(maxRtos);
    }
}
