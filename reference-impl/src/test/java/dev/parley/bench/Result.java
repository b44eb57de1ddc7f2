package dev.parley.bench;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measured run of one contender at one loss rate.
 *
 * @param contender      {@link Contender#name()}
 * @param lossRate       the injected loss rate
 * @param available      false when the contender could not run (then every count is 0 and {@code note} says why)
 * @param note           why the contender is unavailable, or anything worth knowing about the run; never null
 * @param messages       messages the receiving application got in the window
 * @param bytes          application bytes the receiving application got in the window
 * @param elapsedNanos   length of the window
 * @param datagramBytes  UDP payload size of one data datagram on the wire
 * @param payloadBytes   application bytes carried by one data datagram
 * @param slowestIntervalMessagesPerSecond lowest delivery rate in any 100 ms interval of the window (stalls)
 * @param counters       the protocol's own counters over the whole run, warm-up included (retransmissions,
 *                       NAKs, injected drops...), for explaining the numbers; may be empty
 */
record Result(String contender, double lossRate, boolean available, String note, long messages, long bytes,
              long elapsedNanos, int datagramBytes, int payloadBytes, double slowestIntervalMessagesPerSecond,
              Map<String, Long> counters) {

    Result {
        counters = Collections.unmodifiableMap(new TreeMap<>(counters));
    }

    static Result unavailable(String contender, double lossRate, String reason) {
        return new Result(contender, lossRate, false, reason, 0, 0, 0, 0, 0, 0, Map.of());
    }

    static Result measured(String contender, double lossRate, DeliveryCounter.Window window,
                           int datagramBytes, int payloadBytes, Map<String, Long> counters) {
        return new Result(contender, lossRate, true, "", window.messages(), window.bytes(), window.elapsedNanos(),
                datagramBytes, payloadBytes, window.slowestIntervalMessagesPerSecond(), counters);
    }

    /**
     * Delivered data datagrams per second, in units of one full datagram's payload: a stream transport
     * that delivers bytes rather than messages is counted as {@code bytes / payloadBytes}.
     */
    double messagesPerSecond() {
        return elapsedNanos == 0 ? 0 : messages * 1e9 / elapsedNanos;
    }

    /** Application goodput in megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytes * 1e3 / elapsedNanos;
    }
}
