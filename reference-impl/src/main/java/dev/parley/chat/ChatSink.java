package dev.parley.chat;

/** Where an engine's messages go: one framing-layer message each [CH-MSG-1]. */
public interface ChatSink {
    void send(byte[] message);

    /** Orderly close after everything sent. */
    void close();
}
