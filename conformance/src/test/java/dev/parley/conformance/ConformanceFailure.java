package dev.parley.conformance;

/**
 * A scenario failure as the suite reports it: {@code [VERDICT] what went wrong}, then how to
 * reproduce it (IUT, exact command lines, seed, relay settings, stderr tail, last datagrams).
 */
public final class ConformanceFailure extends AssertionError {

    public ConformanceFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
