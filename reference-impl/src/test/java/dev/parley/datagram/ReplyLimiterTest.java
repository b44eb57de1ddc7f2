package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReplyLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1001);
    private final InetSocketAddress b = new InetSocketAddress("127.0.0.1", 1002);
    private final InetSocketAddress c = new InetSocketAddress("127.0.0.1", 1003);

    @Test
    @DisplayName("[DG-RATE-1] each endpoint has its own burst, refilled at the rate")
    void limitsEachEndpointSeparately() {
        ReplyLimiter limiter = new ReplyLimiter(1, 2, 16, 0);
        assertThat(limiter.allowReply(a, 0)).isTrue();
        assertThat(limiter.allowReply(a, 0)).isTrue();
        assertThat(limiter.allowReply(a, 0)).isFalse();
        assertThat(limiter.allowReply(b, 0)).isTrue();
        assertThat(limiter.allowReply(a, SECOND)).isTrue();
        assertThat(limiter.allowReply(a, SECOND)).isFalse();
    }

    @Test
    @DisplayName("[DG-RATE-3] a full table sends new endpoints to one shared overflow bucket, and never grows")
    void boundsTheTable() {
        ReplyLimiter limiter = new ReplyLimiter(1, 1, 2, 0);
        assertThat(limiter.allowReply(a, 0)).isTrue();
        assertThat(limiter.allowReply(b, 0)).isTrue();
        assertThat(limiter.allowReply(c, 0)).as("overflow bucket's token").isTrue();
        assertThat(limiter.allowReply(new InetSocketAddress("127.0.0.1", 1004), 0)).as("overflow is shared").isFalse();
        assertThat(limiter.trackedEndpoints()).isEqualTo(2);
    }

    @Test
    @DisplayName("[DG-RATE-3] a refilled bucket is reused for a new endpoint")
    void reusesRefilledBuckets() {
        ReplyLimiter limiter = new ReplyLimiter(1, 1, 1, 0);
        assertThat(limiter.allowReply(a, 0)).isTrue();
        assertThat(limiter.allowReply(b, 2 * SECOND)).isTrue();
        assertThat(limiter.allowReply(b, 2 * SECOND)).isFalse();
        assertThat(limiter.trackedEndpoints()).isEqualTo(1);
    }
}
