package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link RttEstimator} against the numbers of RFC 6298 section 2 (K = 4, alpha = 1/8, beta = 1/4, G = 1 ms), with the
 * bounds and backoff of [TR-RTX-1] [TR-RTX-2] [TR-RTX-3]. Expected values are worked out by hand in the comments.
 */
class RttEstimatorTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    /** No lower bound in the way, so the RFC's arithmetic shows through. */
    private final RttEstimator rtt = new RttEstimator(SECOND, 0, 60 * SECOND);

    @Test
    @DisplayName("[TR-RTX-1] before any sample the RTO is the initial RTO")
    void startsWithTheInitialRto() {
        assertThat(rtt.currentRtoNanos()).isEqualTo(SECOND);
        assertThat(rtt.srttNanos()).isNegative();
        assertThat(rtt.latestNanos()).isEqualTo(-1);
        assertThat(rtt.minNanos()).isEqualTo(-1);
    }

    @Test
    @DisplayName("[TR-RTX-1] RFC 6298 (2.2): the first sample R sets SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR")
    void firstSample() {
        rtt.onSample(100 * MS);
        assertThat(rtt.srttNanos()).isEqualTo(100 * MS);
        // RTO = 100 + max(G, 4 * 50) = 300 ms
        assertThat(rtt.currentRtoNanos()).isEqualTo(300 * MS);
    }

    @Test
    @DisplayName("[TR-RTX-1] RFC 6298 (2.3): RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|, then SRTT = 7/8 SRTT + 1/8 R'")
    void laterSamples() {
        rtt.onSample(100 * MS);
        rtt.onSample(200 * MS);
        // RTTVAR = (3 * 50 + |100 - 200|) / 4 = 62.5; SRTT = (7 * 100 + 200) / 8 = 112.5; RTO = 112.5 + 250 = 362.5
        assertThat(rtt.srttNanos()).isEqualTo(112_500_000L);
        assertThat(rtt.currentRtoNanos()).isEqualTo(362_500_000L);
        rtt.onSample(50 * MS);
        // RTTVAR = (3 * 62.5 + |112.5 - 50|) / 4 = 62.5; SRTT = (7 * 112.5 + 50) / 8 = 104.6875; RTO = 104.6875 + 250
        assertThat(rtt.srttNanos()).isEqualTo(104_687_500L);
        assertThat(rtt.currentRtoNanos()).isEqualTo(354_687_500L);
    }

    @Test
    @DisplayName("[TR-RTX-1] RFC 6298 (2.3): the variance term is never below the clock granularity G")
    void granularityFloorsTheVarianceTerm() {
        for (int i = 0; i < 40; i++) {
            rtt.onSample(10 * MS);
        }
        // RTTVAR = 5 ms * (3/4)^39, far below G / 4, so RTO = SRTT + G = 11 ms
        assertThat(rtt.srttNanos()).isEqualTo(10 * MS);
        assertThat(rtt.currentRtoNanos()).isEqualTo(11 * MS);
    }

    @Test
    @DisplayName("[TR-RTX-2] the RTO is never below min_rto")
    void minimumRto() {
        RttEstimator bounded = new RttEstimator(SECOND, 200 * MS, 30 * SECOND);
        bounded.onSample(10 * MS);
        assertThat(bounded.currentRtoNanos()).isEqualTo(200 * MS); // 10 + 20 = 30 ms, raised to 200 ms
        bounded.onSample(300 * MS);
        // RTTVAR = (3 * 5 + 290) / 4 = 76.25; SRTT = (70 + 300) / 8 = 46.25; RTO = 46.25 + 305 = 351.25 ms
        assertThat(bounded.currentRtoNanos()).isEqualTo(351_250_000L);
    }

    @Test
    @DisplayName("[TR-RTX-3] each expiry doubles the RTO up to max_rto; an acknowledgement of new data resets the backoff")
    void backoffDoublesUpToTheMaximum() {
        RttEstimator bounded = new RttEstimator(SECOND, 200 * MS, 30 * SECOND);
        bounded.backOff();
        assertThat(bounded.currentRtoNanos()).isEqualTo(2 * SECOND);
        bounded.backOff();
        bounded.backOff();
        assertThat(bounded.currentRtoNanos()).isEqualTo(8 * SECOND);
        bounded.backOff();
        bounded.backOff();
        assertThat(bounded.currentRtoNanos()).isEqualTo(30 * SECOND); // 32 s capped
        for (int i = 0; i < 100; i++) {
            bounded.backOff();
        }
        assertThat(bounded.currentRtoNanos()).as("no overflow after many expiries").isEqualTo(30 * SECOND);
        bounded.resetBackoff();
        assertThat(bounded.currentRtoNanos()).isEqualTo(SECOND);
    }

    @Test
    @DisplayName("[TR-RTX-1] a sample above max_rto gives max_rto")
    void maximumRto() {
        RttEstimator bounded = new RttEstimator(SECOND, 200 * MS, 30 * SECOND);
        bounded.onSample(20 * SECOND);
        assertThat(bounded.currentRtoNanos()).isEqualTo(30 * SECOND); // 20 + 40 s, capped
    }

    @Test
    @DisplayName("[TR-RTT-2] a negative sample (an echo from the future) is ignored")
    void ignoresImpossibleSamples() {
        rtt.onSample(100 * MS);
        rtt.onSample(-5 * MS);
        assertThat(rtt.srttNanos()).isEqualTo(100 * MS);
        assertThat(rtt.currentRtoNanos()).isEqualTo(300 * MS);
        assertThat(rtt.latestNanos()).isEqualTo(100 * MS);
    }

    @Test
    @DisplayName("[TR-LOSS-2] the latest and the smallest sample are kept for RACK (RFC 8985 RACK.rtt, min_RTT)")
    void keepsLatestAndMinimum() {
        rtt.onSample(100 * MS);
        rtt.onSample(40 * MS);
        rtt.onSample(70 * MS);
        assertThat(rtt.latestNanos()).isEqualTo(70 * MS);
        assertThat(rtt.minNanos()).isEqualTo(40 * MS);
    }
}
