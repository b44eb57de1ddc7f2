package dev.parley.chat;

/**
 * Adaptive proof-of-work difficulty [CH-POW-6]: once per step, up by one when more verified LoginRequests
 * arrived than the budget allows, down by one below half of it, between the minimum and the maximum.
 */
public final class Difficulty {
    private final int minimum;
    private final int maximum;
    private final long stepMs;
    private final double budgetPerSecond;
    private int current;
    private long stepStartMs;
    private long verifiedInStep;

    public Difficulty(int minimum, int maximum, long stepMs, double budgetPerSecond, long nowMs) {
        if (minimum < 0 || maximum < minimum || maximum > 64 || stepMs < 1 || budgetPerSecond <= 0) {
            throw new IllegalArgumentException("bad difficulty bounds");
        }
        this.minimum = minimum;
        this.maximum = maximum;
        this.stepMs = stepMs;
        this.budgetPerSecond = budgetPerSecond;
        this.current = minimum;
        this.stepStartMs = nowMs;
    }

    public int current(long nowMs) {
        while (nowMs - stepStartMs >= stepMs) {
            double rate = verifiedInStep * 1000.0 / stepMs;
            if (rate > budgetPerSecond) {
                current = Math.min(maximum, current + 1);
            } else if (rate < budgetPerSecond / 2) {
                current = Math.max(minimum, current - 1);
            }
            verifiedInStep = 0;
            stepStartMs += stepMs;
            if (nowMs - stepStartMs >= 64 * stepMs) { // long idle: settle at the minimum at once
                current = minimum;
                stepStartMs = nowMs;
            }
        }
        return current;
    }

    /** A LoginRequest's work verified. */
    public void verified(long nowMs) {
        current(nowMs);
        verifiedInStep++;
    }
}
