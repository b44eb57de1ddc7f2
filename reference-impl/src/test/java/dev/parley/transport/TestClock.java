package dev.parley.transport;

import java.util.function.LongSupplier;

/** A clock that only moves when a test moves it. */
final class TestClock implements LongSupplier {

    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advanceTo(long t) {
        if (t > nanos) {
            nanos = t;
        }
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }
}
