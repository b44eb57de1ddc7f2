package dev.parley.conformance.relay;

/** The two directions through an {@link ImpairmentRelay}; each has its own impairment and counts. */
public enum Direction {
    /** From a client of the relay to the relay's target. */
    TO_TARGET,
    /** From the relay's target back to the client it answers. */
    FROM_TARGET;

    /** The opposite direction. */
    public Direction reverse() {
        return this == TO_TARGET ? FROM_TARGET : TO_TARGET;
    }
}
