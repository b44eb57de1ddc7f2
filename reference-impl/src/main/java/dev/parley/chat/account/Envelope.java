package dev.parley.chat.account;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The password envelope of suite 1 [AC-ENV-1]: a user's RSA private key sealed with AES-256-GCM under a
 * key that Argon2id derives from the password.
 * <pre>
 * kdf_key  = Argon2id(password UTF-8, salt, m, t, p, version 0x13, 32 octets)
 * aad      = "parley/1 envelope" || 0x01 || len8(username) || username
 * envelope = nonce (12) || AES-256-GCM(kdf_key, nonce, PKCS#8 DER, aad) (ciphertext || 16-octet tag)
 * </pre>
 */
public final class Envelope {

    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int KEY_LENGTH = 32;
    /** Longest password accepted, in UTF-8 octets [AC-PW-1]. */
    public static final int MAX_PASSWORD_OCTETS = 1024;
    static final byte[] AAD_LABEL = "parley/1 envelope".getBytes(StandardCharsets.US_ASCII);

    private Envelope() {
    }

    /**
     * Seals {@code keys.getPrivate()} under {@code password} with a fresh salt and nonce from
     * {@code random}, returning the account record to store [AC-ENV-1] [AC-ENV-2].
     */
    public static Account seal(String username, char[] password, KeyPair keys, Argon2Params kdf,
                               SecureRandom random) {
        Usernames.check(username);
        checkSuite1Pair(keys);
        byte[] salt = new byte[Account.SALT_LENGTH];
        random.nextBytes(salt); // [AC-ENV-2] a fresh random salt for every envelope
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce); // [AC-ENV-2] and a fresh random nonce
        byte[] key = kdfKey(password, salt, kdf);
        byte[] plaintext = keys.getPrivate().getEncoded();
        try {
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, aad(username), plaintext);
            byte[] envelope = new byte[NONCE_LENGTH + sealed.length];
            System.arraycopy(nonce, 0, envelope, 0, NONCE_LENGTH);
            System.arraycopy(sealed, 0, envelope, NONCE_LENGTH, sealed.length);
            return new Account(username, Account.SUITE_1, keys.getPublic().getEncoded(), kdf, salt, envelope);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM failed while sealing", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Opens the envelope of {@code a} with {@code password}. A wrong password fails the GCM tag
     * [AC-ENV-4]; a record whose private key does not match its public key is rejected as damaged
     * [AC-ENV-5].
     */
    public static PrivateKey open(Account a, char[] password) throws WrongPasswordException {
        byte[] envelope = a.envelope();
        byte[] key = kdfKey(password, a.salt(), a.kdf());
        byte[] plaintext = null;
        try {
            plaintext = gcm(Cipher.DECRYPT_MODE, key, Arrays.copyOf(envelope, NONCE_LENGTH), aad(a.username()),
                    Arrays.copyOfRange(envelope, NONCE_LENGTH, envelope.length));
        } catch (AEADBadTagException e) {
            throw new WrongPasswordException(a.username()); // [AC-ENV-4]
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM failed while opening", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(plaintext));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(a.publicKeySpki()));
            // [AC-ENV-5] the sealed private key must be the one of the stored public key
            if (!(privateKey instanceof RSAPrivateCrtKey crt) || !crt.getModulus().equals(publicKey.getModulus())
                    || !crt.getPublicExponent().equals(publicKey.getPublicExponent())) {
                throw new IllegalArgumentException("account " + a.username()
                        + " is damaged: its envelope holds a key that does not match its public key");
            }
            return privateKey;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("account " + a.username()
                    + " is damaged: its envelope or public key is not a valid RSA key", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** {@code "parley/1 envelope" || 0x01 || len8(username) || username} [AC-ENV-3]. */
    public static byte[] aad(String username) {
        byte[] name = Usernames.check(username).getBytes(StandardCharsets.US_ASCII);
        byte[] aad = new byte[AAD_LABEL.length + 2 + name.length];
        System.arraycopy(AAD_LABEL, 0, aad, 0, AAD_LABEL.length);
        aad[AAD_LABEL.length] = Account.SUITE_1;
        aad[AAD_LABEL.length + 1] = (byte) name.length;
        System.arraycopy(name, 0, aad, AAD_LABEL.length + 2, name.length);
        return aad;
    }

    /** Argon2id (version 0x13) of the password's UTF-8 octets, 32 octets out [AC-ENV-1]. */
    public static byte[] kdfKey(char[] password, byte[] salt, Argon2Params kdf) {
        byte[] pw = utf8(password);
        try {
            Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(kdf.memoryKiB())
                    .withIterations(kdf.iterations())
                    .withParallelism(kdf.parallelism())
                    .build();
            Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
            argon2.init(params);
            byte[] out = new byte[KEY_LENGTH];
            argon2.generateBytes(pw, out);
            return out;
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    /** The password as UTF-8 octets; an unpaired surrogate or an over-long password is an error [AC-PW-1]. */
    static byte[] utf8(char[] password) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode text", e);
        }
        byte[] pw = new byte[encoded.remaining()];
        encoded.get(pw);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        if (pw.length == 0 || pw.length > MAX_PASSWORD_OCTETS) {
            Arrays.fill(pw, (byte) 0);
            throw new IllegalArgumentException("a password must be 1.." + MAX_PASSWORD_OCTETS + " octets of UTF-8");
        }
        return pw;
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        aes.updateAAD(aad);
        return aes.doFinal(input);
    }

    /** Suite 1 keys are RSA-3072 with e = 65537 [AC-KEY-1]. */
    static void checkSuite1Pair(KeyPair keys) {
        if (!(keys.getPublic() instanceof RSAPublicKey pub) || pub.getModulus().bitLength() != ServerIdentity.RSA_BITS
                || !pub.getPublicExponent().equals(java.math.BigInteger.valueOf(65537))) {
            throw new IllegalArgumentException("suite 1 keys are RSA-3072 with e = 65537");
        }
    }
}
