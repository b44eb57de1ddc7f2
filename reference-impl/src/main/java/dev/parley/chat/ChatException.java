package dev.parley.chat;

/** A chat-layer failure with its canonical code; the message is for people only. */
public final class ChatException extends Exception {
    private final ChatError error;

    public ChatException(ChatError error, String detail) {
        super(error.code() + ": " + detail);
        this.error = error;
    }

    public ChatError error() {
        return error;
    }
}
