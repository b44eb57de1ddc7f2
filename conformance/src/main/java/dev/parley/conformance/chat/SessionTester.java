package dev.parley.conformance.chat;

import dev.parley.conformance.chat.ChatTesterCodec.Body;
import java.util.Arrays;

/**
 * The suite's end of an established session (spec/chat.md, "Session"): seals requests as
 * SessionRecords with the next c2s sequence number (or any number the scenario names) and opens the
 * server's records in order.
 */
public final class SessionTester {

    private final TesterCipher c2s;
    private final TesterCipher s2c;
    private long nextSendSeq = 1;
    private long nextReceiveSeq = 2;
    private long nextRequestId = 1;

    SessionTester(TesterCipher c2s, TesterCipher s2c) {
        this.c2s = c2s;
        this.s2c = s2c;
    }

    public long nextRequestId() {
        return nextRequestId++;
    }

    /** A SessionRecord of {@code body} at the next c2s sequence number [CH-SEQ-1]. */
    public byte[] record(byte[] body) {
        return recordAt(nextSendSeq++, body);
    }

    /** A SessionRecord at {@code seq}, without moving the counter (for replays and reordering). */
    public byte[] recordAt(long seq, byte[] body) {
        byte[] header = ChatTesterCodec.sessionRecord(seq, new byte[0]);
        return ChatTesterCodec.sessionRecord(seq, c2s.seal(seq, Arrays.copyOf(header, 9), body));
    }

    /** Reserves the next c2s sequence number without sealing anything at it yet. */
    public long takeSeq() {
        return nextSendSeq++;
    }

    /**
     * Opens the server's next record: its body, or null when it is not a SessionRecord, carries another
     * sequence number than the next expected, or fails its tag.
     */
    public Body open(byte[] message) {
        if (ChatTesterCodec.msgType(message) != ChatTesterCodec.SESSION_RECORD || message.length < 9 + 16) {
            return null;
        }
        long seq = ChatTesterCodec.recordSeq(message);
        if (seq != nextReceiveSeq) {
            return null;
        }
        byte[] plaintext = s2c.open(seq, Arrays.copyOf(message, 9), ChatTesterCodec.recordSealed(message));
        if (plaintext == null) {
            return null;
        }
        nextReceiveSeq++;
        return ChatTesterCodec.readBody(plaintext);
    }
}
