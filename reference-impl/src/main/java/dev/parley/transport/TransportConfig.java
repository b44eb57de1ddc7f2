package dev.parley.transport;

import java.time.Duration;

/**
 * Bounds and timers of one endpoint (spec/transport.md, "Parameters"). Every bound is checked here, where it
 * is configured [TR-BOUND-1].
 *
 * @param maxSegmentBytes       largest segment, header included: the datagram layer's max packet minus its 8-byte header
 * @param maxConnections        connections of all states per endpoint
 * @param maxHalfOpen           connections in SYN_RECEIVED per endpoint [TR-SEC-SYN-1]
 * @param sendBufferBytes       unacknowledged plus unsent bytes per connection
 * @param receiveBufferBytes    reassembly space per connection, the advertised window [TR-FLOW-1]
 * @param maxReassemblyRanges   out-of-order ranges held per connection [TR-REASM-2]
 * @param initialRtoNanos       RTO before any RTT sample [TR-RTX-1]
 * @param minRtoNanos           lower bound of the RTO [TR-RTX-2]
 * @param maxRtoNanos           upper bound of the backed-off RTO [TR-RTX-3]
 * @param maxRetransmissions    retransmissions of one segment before TR_TIMEOUT [TR-RTX-6]
 * @param maxSynRetransmissions retransmissions of a SYN or SYN|ACK before giving up [TR-RTX-6]
 * @param delayedAckNanos       longest delay of an ACK [TR-ACK-2]
 * @param keepaliveNanos        silence before a keepalive probe [TR-KEEP-1]
 * @param idleTimeoutNanos      silence before TR_TIMEOUT [TR-KEEP-3]
 * @param timeWaitNanos         TIME_WAIT linger, long enough to cover the peer's FIN retransmissions [TR-CLOSE-5]
 * @param replyRatePerSecond    RSTs and challenge ACKs per second per endpoint [TR-SEC-RATE-1]
 */
public record TransportConfig(int maxSegmentBytes, int maxConnections, int maxHalfOpen, int sendBufferBytes,
                              int receiveBufferBytes, int maxReassemblyRanges, long initialRtoNanos, long minRtoNanos,
                              long maxRtoNanos, int maxRetransmissions, int maxSynRetransmissions, long delayedAckNanos,
                              long keepaliveNanos, long idleTimeoutNanos, long timeWaitNanos, int replyRatePerSecond) {

    /**
     * The smallest {@code max_segment} (spec/transport.md, "Parameters and bounds"): the header, four SACK blocks and
     * 128 data octets, 188 bytes, so that a packet of 196 bytes is the smallest that carries the transport [TR-BOUND-3].
     */
    public static final int MIN_SEGMENT_BYTES = Segment.HEADER_LENGTH + Segment.SACK_BLOCK_LENGTH * Segment.MAX_SACK_BLOCKS + 128;

    /** Largest segment a datagram-layer packet carries: 65507 − 8 [TR-MSS-1]. */
    public static final int MAX_SEGMENT_BYTES = 65_507 - 8;
    /** The segment size every peer accepts until it announces another (packets of 1200 bytes) [TR-MSS-2]. */
    public static final int DEFAULT_SEGMENT_BYTES = 1192;

    public TransportConfig {
        check(maxSegmentBytes >= MIN_SEGMENT_BYTES && maxSegmentBytes <= MAX_SEGMENT_BYTES, "maxSegmentBytes", maxSegmentBytes);
        check(maxConnections >= 1 && maxConnections <= 1 << 20, "maxConnections", maxConnections);
        check(maxHalfOpen >= 1 && maxHalfOpen <= maxConnections, "maxHalfOpen", maxHalfOpen);
        check(sendBufferBytes >= maxSegmentBytes && sendBufferBytes <= 1 << 30, "sendBufferBytes", sendBufferBytes);
        check(receiveBufferBytes >= maxSegmentBytes && receiveBufferBytes <= 1 << 30, "receiveBufferBytes", receiveBufferBytes);
        check(maxReassemblyRanges >= 1 && maxReassemblyRanges <= 1024, "maxReassemblyRanges", maxReassemblyRanges);
        check(minRtoNanos > 0 && minRtoNanos <= initialRtoNanos && initialRtoNanos <= maxRtoNanos, "rto bounds", minRtoNanos);
        check(maxRetransmissions >= 1 && maxRetransmissions <= 30, "maxRetransmissions", maxRetransmissions);
        check(maxSynRetransmissions >= 1 && maxSynRetransmissions <= 30, "maxSynRetransmissions", maxSynRetransmissions);
        check(delayedAckNanos > 0 && delayedAckNanos < minRtoNanos, "delayedAckNanos", delayedAckNanos);
        check(keepaliveNanos > 0 && keepaliveNanos < idleTimeoutNanos, "keepaliveNanos", keepaliveNanos);
        check(timeWaitNanos >= 2 * maxRtoNanos, "timeWaitNanos (at least 2 x maxRto)", timeWaitNanos);
        check(replyRatePerSecond >= 1, "replyRatePerSecond", replyRatePerSecond);
    }

    /** The defaults of spec/transport.md, for the datagram layer's default 1200-byte packets. */
    public static TransportConfig defaults() {
        return new TransportConfig(DEFAULT_SEGMENT_BYTES, 256, 64, 1024 * 1024, 1024 * 1024, 32, ms(1000), ms(200), ms(30_000),
                8, 5, ms(25), ms(15_000), ms(60_000), ms(60_000), 100);
    }

    /** The defaults with every timer multiplied by {@code scale} (for tests and slow links). */
    public TransportConfig withTimeScale(double scale) {
        return new TransportConfig(maxSegmentBytes, maxConnections, maxHalfOpen, sendBufferBytes, receiveBufferBytes,
                maxReassemblyRanges, (long) (initialRtoNanos * scale), (long) (minRtoNanos * scale),
                (long) (maxRtoNanos * scale), maxRetransmissions, maxSynRetransmissions, (long) (delayedAckNanos * scale),
                (long) (keepaliveNanos * scale), (long) (idleTimeoutNanos * scale), (long) (timeWaitNanos * scale),
                replyRatePerSecond);
    }

    public TransportConfig withMaxSegmentBytes(int bytes) {
        return new TransportConfig(bytes, maxConnections, maxHalfOpen, sendBufferBytes, receiveBufferBytes,
                maxReassemblyRanges, initialRtoNanos, minRtoNanos, maxRtoNanos, maxRetransmissions,
                maxSynRetransmissions, delayedAckNanos, keepaliveNanos, idleTimeoutNanos, timeWaitNanos, replyRatePerSecond);
    }

    public TransportConfig withBuffers(int sendBytes, int receiveBytes) {
        return new TransportConfig(maxSegmentBytes, maxConnections, maxHalfOpen, sendBytes, receiveBytes,
                maxReassemblyRanges, initialRtoNanos, minRtoNanos, maxRtoNanos, maxRetransmissions,
                maxSynRetransmissions, delayedAckNanos, keepaliveNanos, idleTimeoutNanos, timeWaitNanos, replyRatePerSecond);
    }

    public TransportConfig withLimits(int connections, int halfOpen) {
        return new TransportConfig(maxSegmentBytes, connections, halfOpen, sendBufferBytes, receiveBufferBytes,
                maxReassemblyRanges, initialRtoNanos, minRtoNanos, maxRtoNanos, maxRetransmissions,
                maxSynRetransmissions, delayedAckNanos, keepaliveNanos, idleTimeoutNanos, timeWaitNanos, replyRatePerSecond);
    }

    /**
     * Entries of the table of segments in flight [TR-SACK-3]: twice the send buffer in segments of the smallest
     * full size, plus 16 for probes and short segments; a sender with a full table waits for acknowledgements.
     */
    public int maxSegmentsInFlight() {
        int smallest = maxData(Segment.MAX_SACK_BLOCKS);
        return 2 * ((sendBufferBytes + smallest - 1) / smallest) + 16;
    }

    /** Largest data a segment with {@code sackBlocks} SACK blocks can carry. */
    public int maxData(int sackBlocks) {
        return Math.min(0xFFFF, maxSegmentBytes - Segment.HEADER_LENGTH - Segment.SACK_BLOCK_LENGTH * sackBlocks);
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private static void check(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException("transport config: " + name + " out of bounds: " + value);
        }
    }
}
