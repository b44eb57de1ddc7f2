package dev.parley.conformance.iut;

/** How a check against the IUT failed; every failure message starts with one ([CF-VERDICT-1], spec/conformance.md). */
public enum Verdict {
    /** The IUT is alive but did not answer within the (scaled) bound. */
    TIMEOUT,
    /** The IUT closed its side (stdout, or exited with code 0) while the suite still expected answers. */
    CLOSED,
    /** The IUT answered, but not what the specification or the adapter contract requires. */
    WRONG,
    /** The IUT died: a non-zero exit, a signal, or it could not be started. */
    CRASH
}
