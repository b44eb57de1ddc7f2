package dev.parley.datagram;

/** Monotonic time source, injected so that protocol logic never reads the wall clock. */
@FunctionalInterface
public interface Clock {

    Clock SYSTEM = System::nanoTime;

    long nanoTime();
}
