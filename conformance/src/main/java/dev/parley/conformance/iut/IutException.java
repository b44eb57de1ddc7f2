package dev.parley.conformance.iut;

/** A failure to get what the contract promises from an IUT process, with its {@link Verdict}. */
public final class IutException extends RuntimeException {

    private final Verdict verdict;

    public IutException(Verdict verdict, String message) {
        super(message);
        this.verdict = verdict;
    }

    public IutException(Verdict verdict, String message, Throwable cause) {
        super(message, cause);
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }
}
