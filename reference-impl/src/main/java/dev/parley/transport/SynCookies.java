package dev.parley.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stateless opens (spec/transport.md, "SYN cookies") [TR-SEC-SYN-2] [TR-SEC-SYN-3]. When the half-open backlog is
 * full, the SYN|ACK's sequence number is a cookie built like TCP's SYN cookies on the keyed initial sequence number:
 *
 * <pre>
 * cookie = F(tuple) + IRS + (T &lt;&lt; 24) + (G(tuple, IRS, T) mod 2^24)      (mod 2^32)
 * </pre>
 *
 * where F is the endpoint's ISN function without its clock [TR-OPEN-8], T the 64-second slot of the endpoint's clock
 * modulo 256, and G the first 32 bits of SHA-256 over the cookie secret, the tuple, IRS and T. The final ACK
 * carries {@code ack_num = cookie + 1} and {@code seq_num = IRS + 1}; the cookie is valid when T is the current or
 * the previous slot and the low 24 bits match G. No state is kept between the SYN and the ACK.
 */
final class SynCookies {

    /** Length of a time slot; a cookie stays valid for one to two slots. */
    static final long SLOT_NANOS = 64_000_000_000L;

    private final byte[] secret;
    private final java.util.function.ToIntFunction<ConnectionKey> keyedHash;

    /**
     * @param secret    32 random octets, distinct from the ISN secret
     * @param keyedHash F of [TR-OPEN-8]: the endpoint's keyed hash of the tuple
     */
    SynCookies(byte[] secret, java.util.function.ToIntFunction<ConnectionKey> keyedHash) {
        this.secret = secret.clone();
        this.keyedHash = keyedHash;
    }

    int cookie(ConnectionKey key, int irs, long nowNanos) {
        int t = slot(nowNanos);
        return keyedHash.applyAsInt(key) + irs + (t << 24) + (check(key, irs, t) & 0x00FF_FFFF);
    }

    /** True when {@code cookie} was made for {@code key} and {@code irs} in the current or the previous slot. */
    boolean valid(ConnectionKey key, int irs, int cookie, long nowNanos) {
        int v = cookie - keyedHash.applyAsInt(key) - irs;
        int t = v >>> 24;
        int now = slot(nowNanos);
        if (t != now && t != ((now - 1) & 0xFF)) {
            return false;
        }
        return (v & 0x00FF_FFFF) == (check(key, irs, t) & 0x00FF_FFFF);
    }

    private static int slot(long nowNanos) {
        return (int) Math.floorMod(Math.floorDiv(nowNanos, SLOT_NANOS), 256L);
    }

    private int check(ConnectionKey key, int irs, int t) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(secret);
            sha.update(key.remote().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(ByteBuffer.allocate(16).putInt(key.localPort()).putInt(key.remotePort()).putInt(irs).putInt(t)
                    .array());
            return ByteBuffer.wrap(sha.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
