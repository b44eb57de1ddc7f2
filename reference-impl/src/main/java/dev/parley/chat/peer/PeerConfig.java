package dev.parley.chat.peer;

/**
 * The parameters of spec/messaging.md section 11, each checked against its bound when the configuration is made
 * [PM-BOUND-1]. Times in milliseconds.
 */
public record PeerConfig(int maxText, long recordsPerSecret, int replayWindow, long maxSessionAgeMs, long idleTimeoutMs,
        long freshnessWindowMs, long maxClockSkewMs, int maxOpenReplay, int maxPins, long connectTimeoutMs,
        long openTimeoutMs, long receiptTimeoutMs, long lookupTimeoutMs, int maxSessions, int maxPending,
        int maxBadRecords, int maxRecipients) {

    public PeerConfig {
        check(maxText >= 0 && maxText <= 16 * 1024 * 1024 - 512, "max_text");
        check(recordsPerSecret >= 2 && recordsPerSecret <= 1L << 24, "records_per_secret");
        check(replayWindow >= 1 && replayWindow <= 64, "replay_window");
        check(maxSessionAgeMs > 0 && idleTimeoutMs > 0, "max_session_age, idle_timeout");
        check(freshnessWindowMs >= 10_000 && freshnessWindowMs <= 600_000, "freshness_window");
        check(maxClockSkewMs >= 0 && maxClockSkewMs <= freshnessWindowMs, "max_clock_skew");
        check(maxOpenReplay >= 1024, "max_open_replay");
        check(maxPins >= 1, "max_pins");
        check(connectTimeoutMs > 0 && openTimeoutMs > 0 && receiptTimeoutMs > 0 && lookupTimeoutMs > 0, "timeouts");
        check(maxSessions >= 1 && maxPending >= 1 && maxBadRecords >= 1 && maxRecipients >= 1, "counts");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what + " out of bounds [PM-BOUND-1]");
        }
    }

    public static PeerConfig defaults() {
        return new PeerConfig(PeerCodec.DEFAULT_MAX_TEXT, 1L << 24, 64, 3_600_000, 120_000, 120_000, 30_000, 65_536,
                65_536, 5_000, 10_000, 10_000, 5_000, 256, 64, 8, 16);
    }

    public PeerConfig withTimeouts(long connectMs, long openMs, long receiptMs, long lookupMs) {
        return new PeerConfig(maxText, recordsPerSecret, replayWindow, maxSessionAgeMs, idleTimeoutMs,
                freshnessWindowMs, maxClockSkewMs, maxOpenReplay, maxPins, connectMs, openMs, receiptMs, lookupMs,
                maxSessions, maxPending, maxBadRecords, maxRecipients);
    }

    public PeerConfig withRecordsPerSecret(long n) {
        return new PeerConfig(maxText, n, replayWindow, maxSessionAgeMs, idleTimeoutMs, freshnessWindowMs,
                maxClockSkewMs, maxOpenReplay, maxPins, connectTimeoutMs, openTimeoutMs, receiptTimeoutMs,
                lookupTimeoutMs, maxSessions, maxPending, maxBadRecords, maxRecipients);
    }

    public PeerConfig withIdle(long idleMs, long ageMs) {
        return new PeerConfig(maxText, recordsPerSecret, replayWindow, ageMs, idleMs, freshnessWindowMs,
                maxClockSkewMs, maxOpenReplay, maxPins, connectTimeoutMs, openTimeoutMs, receiptTimeoutMs,
                lookupTimeoutMs, maxSessions, maxPending, maxBadRecords, maxRecipients);
    }
}
