package dev.parley.datagram;

/**
 * Outcome of decoding untrusted bytes: the value, or the canonical reason it was dropped. Decoders
 * never throw on bad input (spec/datagram.md, "Error handling").
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> {

    record Ok<T>(T value) implements Decoded<T> {
    }

    record Dropped<T>(DropReason reason) implements Decoded<T> {
    }

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> dropped(DropReason reason) {
        return new Dropped<>(reason);
    }
}
