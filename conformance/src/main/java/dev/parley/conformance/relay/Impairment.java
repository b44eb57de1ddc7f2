package dev.parley.conformance.relay;

import java.time.Duration;

/**
 * What an {@link ImpairmentRelay} does to the datagrams of one direction. Each datagram is first
 * lost with probability {@code lossRate}; a surviving one is duplicated with probability
 * {@code duplicateRate}; each copy then has one bit flipped with probability {@code corruptRate},
 * waits {@code delay} plus a uniform share of {@code jitter}, and with probability
 * {@code reorderRate} is held back a further {@code reorderHoldBack}, so that datagrams sent after
 * it overtake it.
 *
 * @param lossRate        probability in [0, 1] that a datagram is dropped
 * @param duplicateRate   probability in [0, 1] that a datagram is forwarded twice
 * @param corruptRate     probability in [0, 1] that a copy has one random bit flipped
 * @param reorderRate     probability in [0, 1] that a copy is held back by {@code reorderHoldBack}
 * @param reorderHoldBack extra delay of a held-back copy
 * @param delay           delay added to every copy
 * @param jitter          upper bound of a uniformly drawn extra delay per copy
 */
public record Impairment(double lossRate, double duplicateRate, double corruptRate, double reorderRate,
                         Duration reorderHoldBack, Duration delay, Duration jitter) {

    /** Longest delay the relay accepts for any single setting; longer ones are configuration errors. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private static final Duration DEFAULT_HOLD_BACK = Duration.ofMillis(15);

    public Impairment {
        checkRate("lossRate", lossRate);
        checkRate("duplicateRate", duplicateRate);
        checkRate("corruptRate", corruptRate);
        checkRate("reorderRate", reorderRate);
        checkDelay("reorderHoldBack", reorderHoldBack);
        checkDelay("delay", delay);
        checkDelay("jitter", jitter);
    }

    /** Forwards every datagram unchanged and at once. */
    public static Impairment none() {
        return new Impairment(0, 0, 0, 0, DEFAULT_HOLD_BACK, Duration.ZERO, Duration.ZERO);
    }

    public Impairment withLoss(double rate) {
        return new Impairment(rate, duplicateRate, corruptRate, reorderRate, reorderHoldBack, delay, jitter);
    }

    public Impairment withDuplication(double rate) {
        return new Impairment(lossRate, rate, corruptRate, reorderRate, reorderHoldBack, delay, jitter);
    }

    public Impairment withCorruption(double rate) {
        return new Impairment(lossRate, duplicateRate, rate, reorderRate, reorderHoldBack, delay, jitter);
    }

    public Impairment withReordering(double rate, Duration holdBack) {
        return new Impairment(lossRate, duplicateRate, corruptRate, rate, holdBack, delay, jitter);
    }

    public Impairment withReordering(double rate) {
        return withReordering(rate, reorderHoldBack);
    }

    public Impairment withDelay(Duration fixed, Duration jitterBound) {
        return new Impairment(lossRate, duplicateRate, corruptRate, reorderRate, reorderHoldBack, fixed, jitterBound);
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
                + ", reorder=" + reorderRate + " (hold back " + reorderHoldBack.toMillis() + " ms), delay="
                + delay.toMillis() + " ms, jitter=" + jitter.toMillis() + " ms]";
    }
}
