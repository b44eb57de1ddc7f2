package dev.parley.chat;

/**
 * The server's parameters (spec/chat.md, "Parameters and bounds"), checked where they are set. Times in
 * milliseconds.
 */
public record ChatServerConfig(long cookieRotationMs, long freshnessWindowMs, int replayCacheEntries,
        int minDifficulty, int maxDifficulty, long difficultyStepMs, double loginBudgetPerSecond, long loginTimeoutMs,
        int maxPendingLogins, int guessBurst, long guessRefillMs, int guessTableEntries, long heartbeatIntervalMs,
        long sessionTimeoutMs, int maxSessions, int maxBadRecords, int defaultMemoryKib, int defaultIterations,
        int defaultParallelism, long recordsPerSecret) {

    public ChatServerConfig {
        check(cookieRotationMs >= 10_000 && cookieRotationMs <= 3_600_000, "cookie_rotation 10 s..1 h");
        check(freshnessWindowMs >= 5_000 && freshnessWindowMs <= 120_000, "freshness_window 5 s..120 s");
        check(replayCacheEntries >= 1024, "replay cache >= 1024 entries");
        check(minDifficulty >= 0 && maxDifficulty >= minDifficulty && maxDifficulty <= 40, "difficulty bounds");
        check(loginTimeoutMs > 0 && maxPendingLogins > 0 && maxSessions > 0 && maxBadRecords > 0, "positive limits");
        check(sessionTimeoutMs >= 2 * heartbeatIntervalMs && heartbeatIntervalMs > 0, "session_timeout >= 2 x heartbeat");
        check(recordsPerSecret >= 2 && recordsPerSecret <= SessionCipher.RECORDS_PER_SECRET,
                "records per traffic secret 2..2^24 [CH-REKEY-2]");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("chat server configuration: " + what);
        }
    }

    /** The defaults of spec/chat.md section 14 [CH-POW-5]. */
    public static ChatServerConfig defaults() {
        return new ChatServerConfig(60_000, 30_000, 65_536, 20, 26, 1_000, 100, 30_000, 1024, 10, 6_000, 65_536,
                10_000, 30_000, 4096, 8, 65_536, 3, 1, SessionCipher.RECORDS_PER_SECRET);
    }

    /** A test configuration with a lowered difficulty; a server logs it at start [CH-POW-7]. */
    public ChatServerConfig withDifficulty(int min, int max) {
        return new ChatServerConfig(cookieRotationMs, freshnessWindowMs, replayCacheEntries, min, max, difficultyStepMs,
                loginBudgetPerSecond, loginTimeoutMs, maxPendingLogins, guessBurst, guessRefillMs, guessTableEntries,
                heartbeatIntervalMs, sessionTimeoutMs, maxSessions, maxBadRecords, defaultMemoryKib, defaultIterations,
                defaultParallelism, recordsPerSecret);
    }

    public ChatServerConfig withPresence(long heartbeatMs, long timeoutMs) {
        return new ChatServerConfig(cookieRotationMs, freshnessWindowMs, replayCacheEntries, minDifficulty,
                maxDifficulty, difficultyStepMs, loginBudgetPerSecond, loginTimeoutMs, maxPendingLogins, guessBurst,
                guessRefillMs, guessTableEntries, heartbeatMs, timeoutMs, maxSessions, maxBadRecords, defaultMemoryKib,
                defaultIterations, defaultParallelism, recordsPerSecret);
    }

    /** A test configuration with a smaller directory [CH-REQ-2] [CH-PRES-6]. */
    public ChatServerConfig withMaxSessions(int sessions) {
        return new ChatServerConfig(cookieRotationMs, freshnessWindowMs, replayCacheEntries, minDifficulty,
                maxDifficulty, difficultyStepMs, loginBudgetPerSecond, loginTimeoutMs, maxPendingLogins, guessBurst,
                guessRefillMs, guessTableEntries, heartbeatIntervalMs, sessionTimeoutMs, sessions, maxBadRecords,
                defaultMemoryKib, defaultIterations, defaultParallelism, recordsPerSecret);
    }

    /**
     * A test configuration with a lower limit of records per traffic secret, both the server's sending limit
     * [CH-REKEY-1] and the limit it enforces on the client [CH-REKEY-2]; the default is 2^24.
     */
    public ChatServerConfig withRecordsPerSecret(long records) {
        return new ChatServerConfig(cookieRotationMs, freshnessWindowMs, replayCacheEntries, minDifficulty,
                maxDifficulty, difficultyStepMs, loginBudgetPerSecond, loginTimeoutMs, maxPendingLogins, guessBurst,
                guessRefillMs, guessTableEntries, heartbeatIntervalMs, sessionTimeoutMs, maxSessions, maxBadRecords,
                defaultMemoryKib, defaultIterations, defaultParallelism, records);
    }
}
