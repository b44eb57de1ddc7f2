package dev.parley.transport;

/**
 * The endpoint's defences against opening attacks and reflected ACKs (spec/transport.md, "Security considerations").
 * Each bound is checked here, where it is configured [TR-BOUND-1].
 *
 * @param maxPerAddress          synchronised connections opened by peers at one address (an IPv4 address, an IPv6
 *                               /64), from ESTABLISHED on, TIME_WAIT excepted [TR-SEC-ADDR-1]
 * @param maxTimeWait            records of the TIME_WAIT table; when it is full the oldest is dropped [TR-CLOSE-5]
 * @param challengeAcksPerSecond challenge ACKs and answers to unacceptable segments per connection and second, also
 *                               the burst [TR-SEC-RATE-2]
 */
public record OpeningLimits(int maxPerAddress, int maxTimeWait, int challengeAcksPerSecond) {

    public OpeningLimits {
        check(maxPerAddress >= 1 && maxPerAddress <= 1 << 20, "maxPerAddress", maxPerAddress);
        check(maxTimeWait >= 1 && maxTimeWait <= 1 << 20, "maxTimeWait", maxTimeWait);
        check(challengeAcksPerSecond >= 1 && challengeAcksPerSecond <= 10_000, "challengeAcksPerSecond",
                challengeAcksPerSecond);
    }

    /** The defaults of spec/transport.md: 64 per address, 4096 TIME_WAIT records, 10 challenge ACKs per second. */
    public static OpeningLimits defaults() {
        return new OpeningLimits(64, 4096, 10);
    }

    private static void check(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException("transport opening limits: " + name + " out of bounds: " + value);
        }
    }
}
