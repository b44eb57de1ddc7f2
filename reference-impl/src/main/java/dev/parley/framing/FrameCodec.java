package dev.parley.framing;

import dev.parley.wire.framing.Frame;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.ByteBuffer;

/**
 * Encodes message frames and reads frame headers (spec/framing.md). The only class that touches the
 * generated codecs of {@code ksy/framing/}. Immutable and thread-safe.
 */
public final class FrameCodec {

    public static final int HEADER_LENGTH = 5;
    public static final int TYPE_MESSAGE = 1;
    /** Default largest message a receiver accepts [FR-LEN-2]. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Largest limit an implementation may configure: a Java array, less headroom. */
    public static final int MAX_MAX_MESSAGE_BYTES = Integer.MAX_VALUE - 64;

    /** A decoded frame header. */
    public record Header(int frameType, long lenPayload) {
    }

    private FrameCodec() {
    }

    /** The bytes of one message frame: header then message [FR-FRAME-1]. */
    public static byte[] encodeMessage(byte[] message) {
        if (message.length > MAX_MAX_MESSAGE_BYTES - HEADER_LENGTH) {
            throw new IllegalArgumentException("message of " + message.length + " bytes is too long to frame");
        }
        Frame frame = new Frame();
        Frame.FrameHeader header = new Frame.FrameHeader(null, frame, frame);
        header.setFrameType(TYPE_MESSAGE);
        header.setLenPayload(message.length);
        header._check();
        frame.setHeader(header);
        frame.setPayload(message);
        frame._check();
        byte[] out = new byte[HEADER_LENGTH + message.length];
        frame._write(new ByteBufferKaitaiStream(ByteBuffer.wrap(out)));
        return out;
    }

    /** Reads a frame header from exactly {@value #HEADER_LENGTH} bytes. */
    public static Header decodeHeader(byte[] fiveBytes) {
        if (fiveBytes.length != HEADER_LENGTH) {
            throw new IllegalArgumentException("a frame header is " + HEADER_LENGTH + " bytes");
        }
        Frame.FrameHeader header = new Frame.FrameHeader(new ByteBufferKaitaiStream(fiveBytes));
        header._read();
        return new Header(header.frameType(), header.lenPayload());
    }

    /** Whether the type is in the registry's frame types. */
    public static boolean isKnownType(int frameType) {
        return Frame.FrameType.byId(frameType) != null;
    }
}
