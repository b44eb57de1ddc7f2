package dev.parley.bench;

/**
 * A goal from the issue: at {@code lossRate}, Parley's median messages per second must reach
 * {@code factor} times the {@code baseline} contender's median in the same run.
 */
record Target(double lossRate, String baseline, double factor) {

    /** ≥ 0.8 × raw UDP at 0 % loss; ≥ Aeron at 1 %; ≥ 2 × Aeron at 5 %. */
    static final Target[] ISSUE_TARGETS = {
        new Target(0.0, "raw", 0.8),
        new Target(0.01, "aeron", 1.0),
        new Target(0.05, "aeron", 2.0),
    };

    String describe() {
        return "parley >= " + String.format(java.util.Locale.ROOT, "%.1f", factor) + " x " + baseline
                + " at " + Report.percent(lossRate) + " loss";
    }
}
