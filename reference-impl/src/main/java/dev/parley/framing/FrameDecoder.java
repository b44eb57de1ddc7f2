package dev.parley.framing;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Procedure {@code ReceiveFrames}: cuts one connection's byte stream into messages (spec/framing.md).
 * Fed chunks of any size in stream order; delivers each message whole, once, in order [FR-DELIV-1].
 * Memory is bounded by the message limit, and grows with the bytes that actually arrive rather than
 * with what a header announces [FR-LEN-3]; each growth is first granted by the node's memory budget, or the
 * stream ends with {@code FR_MEMORY} [FR-MEM-2]. After an error the decoder accepts nothing more.
 * Not thread-safe: owned by the connection's loop.
 */
public final class FrameDecoder {

    private static final int INITIAL_PAYLOAD_CAPACITY = 64 * 1024;

    private final int maxMessageBytes;
    /** Null, or the node's memory budget, asked before the payload buffer grows [FR-MEM-2]. */
    private final MemoryBudget.Account account;
    private final byte[] header = new byte[FrameCodec.HEADER_LENGTH];
    private int headerFill;
    private byte[] payload;
    private int payloadLength;
    private int payloadFill;
    private FramingError error;

    /** @param maxMessageBytes largest message accepted, 0..{@link FrameCodec#MAX_MAX_MESSAGE_BYTES} */
    public FrameDecoder(int maxMessageBytes) {
        this(maxMessageBytes, null);
    }

    /**
     * @param maxMessageBytes largest message accepted, 0..{@link FrameCodec#MAX_MAX_MESSAGE_BYTES}
     * @param account         the connection's account in the node's memory budget, or null for none
     */
    public FrameDecoder(int maxMessageBytes, MemoryBudget.Account account) {
        this.account = account;
        if (maxMessageBytes < 0 || maxMessageBytes > FrameCodec.MAX_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("max message bytes out of range: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Feeds the next bytes of the stream.
     *
     * @return null, or the error that ends the connection
     */
    public FramingError feed(byte[] data, int offset, int length, Consumer<byte[]> onMessage) {
        if (error != null) {
            return error;
        }
        int end = offset + length;
        int at = offset;
        while (at < end) {
            if (payload == null) {
                int n = Math.min(FrameCodec.HEADER_LENGTH - headerFill, end - at);
                System.arraycopy(data, at, header, headerFill, n);
                headerFill += n;
                at += n;
                if (headerFill < FrameCodec.HEADER_LENGTH) {
                    break;
                }
                FrameCodec.Header h = FrameCodec.decodeHeader(header);
                headerFill = 0;
                if (!FrameCodec.isKnownType(h.frameType())) {
                    return error = FramingError.FR_UNKNOWN_TYPE;
                }
                if (h.lenPayload() > maxMessageBytes) {
                    return error = FramingError.FR_TOO_LARGE;
                }
                payloadLength = (int) h.lenPayload();
                int first = Math.min(payloadLength, INITIAL_PAYLOAD_CAPACITY);
                if (!reserve(first)) {
                    return error = FramingError.FR_MEMORY;
                }
                payload = new byte[first];
                payloadFill = 0;
            }
            int n = Math.min(payloadLength - payloadFill, end - at);
            if (payloadFill + n > payload.length) {
                int grown = (int) Math.min(payloadLength, Math.max(2L * payload.length, payloadFill + n));
                if (!reserve(grown - payload.length)) {
                    return error = FramingError.FR_MEMORY;
                }
                payload = Arrays.copyOf(payload, grown);
            }
            System.arraycopy(data, at, payload, payloadFill, n);
            payloadFill += n;
            at += n;
            if (payloadFill == payloadLength) {
                byte[] message = payload;
                payload = null;
                if (account != null) {
                    account.adjust(-message.length);
                }
                onMessage.accept(message);
            }
        }
        return null;
    }

    /** The stream ended: an error if it ended inside a frame [FR-ERR-2]. */
    public FramingError onEndOfStream() {
        if (error == null && (headerFill > 0 || payload != null)) {
            error = FramingError.FR_TRUNCATED;
        }
        return error;
    }

    /** Asks the memory budget for {@code more} bytes before they are allocated [FR-MEM-2]. */
    private boolean reserve(int more) {
        return account == null || account.tryReserve(more);
    }

    /** Bytes held for a message not yet complete. */
    public int bufferedBytes() {
        return headerFill + (payload == null ? 0 : payload.length);
    }
}
