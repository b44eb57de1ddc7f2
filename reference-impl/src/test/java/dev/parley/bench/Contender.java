package dev.parley.bench;

import java.time.Duration;

/**
 * One way of moving a bulk transfer of ~1200-byte datagrams from a sender to a receiver on loopback.
 * Each {@link #run} sets everything up afresh (sockets, threads, drivers), warms up, measures what the
 * receiver's application sees during {@code duration}, and tears everything down again.
 */
interface Contender {

    /** Short name used in the table and the files: {@code raw}, {@code aeron}, {@code parley}. */
    String name();

    /**
     * Runs one measurement.
     *
     * @param lossRate probability in [0, 1) that the receiving side drops an incoming data datagram
     *                 before the protocol sees it; contenders that cannot lose (raw UDP) ignore it
     * @param duration how long to count deliveries, after the contender's own warm-up
     * @param seed     seed of the loss generator, so a run's loss pattern can be repeated
     * @return the measurement, or {@link Result#unavailable} when this contender cannot run here
     */
    Result run(double lossRate, Duration duration, long seed) throws Exception;
}
