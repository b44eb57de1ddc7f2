package dev.parley.chat.account;

/**
 * The Argon2id cost parameters stored with an account [AC-KDF-1]. Bounds are checked on construction
 * [AC-KDF-2], so a record read from a damaged or hostile database cannot make a client or server spend
 * unbounded memory or time.
 *
 * @param memoryKiB   m, in KiB: {@value #MIN_MEMORY_KIB}..{@value #MAX_MEMORY_KIB} and at least 8 × parallelism
 * @param iterations  t: {@value #MIN_ITERATIONS}..{@value #MAX_ITERATIONS}
 * @param parallelism p: {@value #MIN_PARALLELISM}..{@value #MAX_PARALLELISM}
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {

    public static final int MIN_MEMORY_KIB = 8;
    public static final int MAX_MEMORY_KIB = 1 << 20; // 1 GiB
    public static final int MIN_ITERATIONS = 1;
    public static final int MAX_ITERATIONS = 16;
    public static final int MIN_PARALLELISM = 1;
    public static final int MAX_PARALLELISM = 16;

    /** The defaults of suite 1 [AC-KDF-3]: m = 65536 KiB (64 MiB), t = 3, p = 1. */
    public static final Argon2Params DEFAULT = new Argon2Params(65536, 3, 1);

    public Argon2Params {
        // [AC-KDF-2] every stored parameter set is within bounds
        if (parallelism < MIN_PARALLELISM || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2id parallelism must be in " + MIN_PARALLELISM + ".."
                    + MAX_PARALLELISM + ", got " + parallelism);
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2id iterations must be in " + MIN_ITERATIONS + ".."
                    + MAX_ITERATIONS + ", got " + iterations);
        }
        if (memoryKiB < Math.max(MIN_MEMORY_KIB, 8 * parallelism) || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id memory must be in " + Math.max(MIN_MEMORY_KIB, 8 * parallelism)
                    + ".." + MAX_MEMORY_KIB + " KiB (at least 8 x parallelism), got " + memoryKiB);
        }
    }

    @Override
    public String toString() {
        return "Argon2id(m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism + ")";
    }
}
