package dev.parley.chat;

/**
 * The login's key schedule (spec/chat.md, "Key schedule"): HKDF-SHA256 from the login secret and the
 * transcript hash th1 to the two directions' traffic secrets, keys and IVs [CH-KS-1].
 */
public final class KeySchedule {
    public static final byte[] C2S = Suite1.ascii("parley/1 c2s");
    public static final byte[] S2C = Suite1.ascii("parley/1 s2c");
    public static final byte[] KEY = Suite1.ascii("parley/1 key");
    public static final byte[] IV = Suite1.ascii("parley/1 iv");
    public static final byte[] NEXT = Suite1.ascii("parley/1 next");

    private final byte[] secretC2s;
    private final byte[] secretS2c;

    public KeySchedule(byte[] loginSecret, byte[] th1) {
        byte[] prk = Suite1.hkdfExtract(th1, loginSecret);
        this.secretC2s = Suite1.hkdfExpand(prk, C2S, 32);
        this.secretS2c = Suite1.hkdfExpand(prk, S2C, 32);
    }

    public byte[] secretC2s() {
        return secretC2s.clone();
    }

    public byte[] secretS2c() {
        return secretS2c.clone();
    }

    static byte[] key(byte[] trafficSecret) {
        return Suite1.hkdfExpand(trafficSecret, KEY, 32);
    }

    static byte[] iv(byte[] trafficSecret) {
        return Suite1.hkdfExpand(trafficSecret, IV, 12);
    }

    static byte[] next(byte[] trafficSecret) {
        return Suite1.hkdfExpand(trafficSecret, NEXT, 32);
    }
}
