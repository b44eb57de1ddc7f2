package dev.parley.conformance.chat;

import java.time.Duration;
import java.util.Optional;

/** One transport connection carrying framing-layer messages, as the suite's chat client sees it. */
public interface MessageChannel extends AutoCloseable {

    /** Sends one framing-layer message and returns once the peer has acknowledged all of it. */
    void send(byte[] message);

    /** The next whole message from the peer, or empty when none arrives within {@code timeout} or the peer closed. */
    Optional<byte[]> receive(Duration timeout);

    /** Whether the peer closed or reset the connection (after every message before it was received). */
    boolean peerClosed();

    /** The tester's UDP port and transport port, for messages. */
    String describe();

    @Override
    void close();
}
