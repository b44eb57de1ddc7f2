package dev.parley.chat.account;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One user's account record [AC-REC-1]: what the server stores and, during a login, hands back sealed.
 * It holds no password and nothing from which the password follows without an offline guess against
 * Argon2id. Byte arrays are copied in and out.
 *
 * @param username      the account name [AC-USER-1]
 * @param suite         the cipher suite of the key pair and envelope; only {@value #SUITE_1} is defined
 * @param publicKeySpki the user's RSA public key, X.509 SubjectPublicKeyInfo DER
 * @param kdf           the Argon2id parameters of this user's envelope
 * @param salt          the Argon2id salt, {@value #SALT_LENGTH} octets
 * @param envelope      nonce || AES-256-GCM ciphertext and tag of the PKCS#8 private key [AC-ENV-1]
 */
public record Account(String username, int suite, byte[] publicKeySpki, Argon2Params kdf, byte[] salt,
                      byte[] envelope) {

    public static final int SUITE_1 = 1;
    public static final int SALT_LENGTH = 16;
    /** Largest SPKI and envelope accepted in a record: bounds what one row can cost to read. */
    public static final int MAX_BLOB_LENGTH = 8192;

    public Account {
        Usernames.check(username);
        if (suite != SUITE_1) {
            throw new IllegalArgumentException("unknown cipher suite " + suite + " (only suite 1 is defined)");
        }
        if (kdf == null) {
            throw new IllegalArgumentException("Argon2id parameters missing");
        }
        if (salt == null || salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("salt must be " + SALT_LENGTH + " octets");
        }
        if (publicKeySpki == null || publicKeySpki.length == 0 || publicKeySpki.length > MAX_BLOB_LENGTH) {
            throw new IllegalArgumentException("public key must be 1.." + MAX_BLOB_LENGTH + " octets of SPKI DER");
        }
        if (envelope == null || envelope.length < Envelope.NONCE_LENGTH + Envelope.TAG_LENGTH + 1
                || envelope.length > MAX_BLOB_LENGTH) {
            throw new IllegalArgumentException("envelope must be " + (Envelope.NONCE_LENGTH + Envelope.TAG_LENGTH + 1)
                    + ".." + MAX_BLOB_LENGTH + " octets");
        }
        publicKeySpki = publicKeySpki.clone();
        salt = salt.clone();
        envelope = envelope.clone();
    }

    @Override
    public byte[] publicKeySpki() {
        return publicKeySpki.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] envelope() {
        return envelope.clone();
    }

    /** SHA-256 fingerprint of the user's public key, 64 lowercase hex digits [AC-FP-1]. */
    public String fingerprint() {
        return Fingerprint.of(publicKeySpki);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && username.equals(a.username) && suite == a.suite && kdf.equals(a.kdf)
                && Arrays.equals(publicKeySpki, a.publicKeySpki) && Arrays.equals(salt, a.salt)
                && Arrays.equals(envelope, a.envelope);
    }

    @Override
    public int hashCode() {
        return username.hashCode() * 31 + Arrays.hashCode(envelope);
    }

    @Override
    public String toString() {
        return "Account[username=" + username + ", suite=" + suite + ", key=" + fingerprint() + ", kdf=" + kdf
                + ", salt=" + HexFormat.of().formatHex(salt) + ", envelope=" + envelope.length + " octets]";
    }
}
