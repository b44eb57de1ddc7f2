package dev.parley.chat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/** The handshake transcript: each message as uint32(length) || octets [CH-TH-1]. */
public final class Transcript {
    private final MessageDigest digest = Suite1.sha256Digest();
    private int count;

    /** Adds the next message (ClientHello, Challenge, LoginRequest, EnvelopeResponse, then the server SPKI). */
    public Transcript add(byte[] message) {
        digest.update(ByteBuffer.allocate(4).putInt(message.length).array());
        digest.update(message);
        count++;
        return this;
    }

    public int count() {
        return count;
    }

    /** The hash of everything added so far (th1 after three messages, th2 after five). */
    public byte[] hash() {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The octets a client signs: "parley/1 proof" || th2 [CH-POP-1]. */
    public static byte[] proofInput(byte[] th2) {
        return Suite1.concat(Suite1.ascii("parley/1 proof"), th2);
    }
}
