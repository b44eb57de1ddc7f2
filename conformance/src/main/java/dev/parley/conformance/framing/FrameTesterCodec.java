package dev.parley.conformance.framing;

import dev.parley.wire.framing.Frame;
import io.kaitai.struct.ByteBufferKaitaiStream;

/**
 * The tester's codec for the framing layer (spec/framing.md, "Frame format"): the only class of the
 * suite that touches the generated {@link Frame}. It writes the type and length exactly as asked,
 * so the suite can also write unknown types and lengths over a receiver's limit.
 */
public final class FrameTesterCodec {

    public static final int HEADER_LENGTH = 5;
    public static final int MESSAGE = 1;

    private FrameTesterCodec() {
    }

    /** A message frame: type 1 and the payload's length [FR-FRAME-1]. */
    public static byte[] message(byte[] payload) {
        return frame(MESSAGE, payload);
    }

    /** A frame of {@code frameType} with {@code payload} and its true length. */
    public static byte[] frame(int frameType, byte[] payload) {
        Frame frame = new Frame();
        Frame.FrameHeader header = new Frame.FrameHeader(null, frame, frame);
        header.setFrameType(frameType);
        header.setLenPayload(payload.length);
        header._check();
        frame.setHeader(header);
        frame.setPayload(payload);
        frame._check();
        ByteBufferKaitaiStream io = new ByteBufferKaitaiStream(HEADER_LENGTH + payload.length);
        frame._write(io);
        return io.toByteArray();
    }

    /** Only a header: {@code frameType} and a {@code lenPayload} that need not match anything sent. */
    public static byte[] header(int frameType, long lenPayload) {
        Frame.FrameHeader header = new Frame.FrameHeader();
        header.setFrameType(frameType);
        header.setLenPayload(lenPayload);
        header._check();
        ByteBufferKaitaiStream io = new ByteBufferKaitaiStream(HEADER_LENGTH);
        header._write(io);
        return io.toByteArray();
    }
}
