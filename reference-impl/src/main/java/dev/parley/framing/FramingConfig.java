package dev.parley.framing;

/**
 * Bounds of the framing layer, checked where they are set [FR-LEN-2] [FR-SEND-3].
 *
 * @param maxMessageBytes largest message received (and sent)
 * @param maxQueuedBytes  largest send queue per connection
 */
public record FramingConfig(int maxMessageBytes, long maxQueuedBytes) {

    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;

    public FramingConfig {
        if (maxMessageBytes < 0 || maxMessageBytes > FrameCodec.MAX_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes out of range 0.." + FrameCodec.MAX_MAX_MESSAGE_BYTES
                    + ": " + maxMessageBytes);
        }
        if (maxQueuedBytes < 1 || maxQueuedBytes > 1L << 40) {
            throw new IllegalArgumentException("maxQueuedBytes out of range 1..2^40: " + maxQueuedBytes);
        }
    }

    public static FramingConfig defaults() {
        return new FramingConfig(FrameCodec.DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_QUEUED_BYTES);
    }
}
