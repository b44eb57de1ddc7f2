package dev.parley.conformance.relay;

import java.time.Duration;

/**
 * What an {@link ImpairmentRelay} does to the datagrams of one direction. Each datagram is first
 * lost with probability {@code lossRate}; a surviving one is duplicated with probability
 * {@code duplicateRate}; each copy then has one uniformly chosen bit flipped with probability
 * {@code corruptRate} and waits {@code delay} plus a uniform share of {@code jitter}. With
 * probability {@code reorderRate} a copy is then held back and forwarded after 1 to
 * {@code reorderDepth} (uniformly) later datagrams of its direction, or after
 * {@code reorderMaxHold} if fewer come (spec/conformance.md section 12).
 *
 * @param lossRate       probability in [0, 1] that a datagram is dropped
 * @param duplicateRate  probability in [0, 1] that a datagram is forwarded twice
 * @param corruptRate    probability in [0, 1] that a copy has one random bit flipped
 * @param reorderRate    probability in [0, 1] that a copy is held back
 * @param reorderDepth   most later datagrams a held copy waits for, at least 1
 * @param reorderMaxHold longest a held copy waits when fewer datagrams follow it
 * @param delay          delay added to every copy
 * @param jitter         upper bound of a uniformly drawn extra delay per copy
 */
public record Impairment(double lossRate, double duplicateRate, double corruptRate, double reorderRate,
                         int reorderDepth, Duration reorderMaxHold, Duration delay, Duration jitter) {

    /** Longest delay the relay accepts for any single setting; longer ones are configuration errors. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(10);

    /** Most later datagrams a held copy can wait for. */
    public static final int MAX_DEPTH = 1000;

    private static final int DEFAULT_DEPTH = 3;
    private static final Duration DEFAULT_MAX_HOLD = Duration.ofMillis(50);

    public Impairment {
        checkRate("lossRate", lossRate);
        checkRate("duplicateRate", duplicateRate);
        checkRate("corruptRate", corruptRate);
        checkRate("reorderRate", reorderRate);
        if (reorderDepth < 1 || reorderDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("reorderDepth must be within [1, " + MAX_DEPTH + "], was " + reorderDepth);
        }
        checkDelay("reorderMaxHold", reorderMaxHold);
        checkDelay("delay", delay);
        checkDelay("jitter", jitter);
    }

    /** Forwards every datagram unchanged and at once. */
    public static Impairment none() {
        return new Impairment(0, 0, 0, 0, DEFAULT_DEPTH, DEFAULT_MAX_HOLD, Duration.ZERO, Duration.ZERO);
    }

    public Impairment withLoss(double rate) {
        return new Impairment(rate, duplicateRate, corruptRate, reorderRate, reorderDepth, reorderMaxHold, delay, jitter);
    }

    public Impairment withDuplication(double rate) {
        return new Impairment(lossRate, rate, corruptRate, reorderRate, reorderDepth, reorderMaxHold, delay, jitter);
    }

    public Impairment withCorruption(double rate) {
        return new Impairment(lossRate, duplicateRate, rate, reorderRate, reorderDepth, reorderMaxHold, delay, jitter);
    }

    /** Holds a copy back with probability {@code rate} until 1 to {@code depth} later datagrams passed it. */
    public Impairment withReordering(double rate, int depth, Duration maxHold) {
        return new Impairment(lossRate, duplicateRate, corruptRate, rate, depth, maxHold, delay, jitter);
    }

    public Impairment withReordering(double rate) {
        return withReordering(rate, reorderDepth, reorderMaxHold);
    }

    public Impairment withDelay(Duration fixed, Duration jitterBound) {
        return new Impairment(lossRate, duplicateRate, corruptRate, reorderRate, reorderDepth, reorderMaxHold, fixed,
                jitterBound);
    }

    /** True when this impairment forwards everything unchanged and without delay. */
    public boolean isNone() {
        return lossRate == 0 && duplicateRate == 0 && corruptRate == 0 && reorderRate == 0
                && delay.isZero() && jitter.isZero();
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + rate);
        }
    }

    private static void checkDelay(String name, Duration value) {
        if (value == null || value.isNegative() || value.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(name + " must be within [0, " + MAX_DELAY + "], was " + value);
        }
    }

    @Override
    public String toString() {
        return "Impairment[loss=" + lossRate + ", duplicate=" + duplicateRate + ", corrupt=" + corruptRate
                + ", reorder=" + reorderRate + " (depth " + reorderDepth + ", at most " + reorderMaxHold.toMillis()
                + " ms), delay="
                + delay.toMillis() + " ms, jitter=" + jitter.toMillis() + " ms]";
    }
}
