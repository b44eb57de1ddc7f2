package dev.parley.conformance;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The run seed ({@code -Dparley.seed=N}, else drawn once and printed) and the scenario seeds derived
 * from it and each scenario's place in the features, so that rerunning one scenario with the same
 * run seed replays its random choices and impairment decisions [CF-RELAY-1].
 */
final class Seeds {

    private static final long RUN = initialRunSeed();

    private Seeds() {
    }

    static long run() {
        return RUN;
    }

    /** A seed for the scenario {@code id} (path:line), independent of which other scenarios run. */
    static long forScenario(String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(RUN ^ hash).nextLong() & Long.MAX_VALUE;
    }

    private static long initialRunSeed() {
        String fixed = System.getProperty("parley.seed", "").strip();
        if (fixed.isEmpty()) {
            return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(fixed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dparley.seed must be a decimal 64-bit integer, was '" + fixed + "'", e);
        }
    }
}
