package dev.parley.bench;

import java.time.Duration;

/**
 * Parley's reliable transport over its datagram layer. Reports itself unavailable until the transport
 * ({@code dev.parley.transport}) is wired into {@link dev.parley.datagram.DatagramEndpoint} on this branch:
 * the bench prints no number rather than a made-up one.
 */
final class ParleyContender implements Contender {

    private final Duration warmup;

    ParleyContender(Duration warmup) {
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return "parley";
    }

    @Override
    public Result run(double lossRate, Duration duration, long seed) {
        return Result.unavailable(name(), lossRate,
                "transport not yet wired into DatagramEndpoint on this branch (dev.parley.transport)");
    }
}
