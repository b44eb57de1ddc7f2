package dev.parley.chat.account;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The server's long-term RSA-3072 key pair [AC-KEY-1], kept in the data directory as
 * {@value #PRIVATE_FILE} (PKCS#8 PEM, mode 0600) and {@value #PUBLIC_FILE} (SPKI PEM) [AC-DIR-2].
 */
public final class ServerIdentity {

    public static final int RSA_BITS = 3072;
    public static final String PRIVATE_FILE = "server-key.pem";
    public static final String PUBLIC_FILE = "server-pub.pem";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final KeyPair keys;

    private ServerIdentity(KeyPair keys) {
        Envelope.checkSuite1Pair(keys);
        this.keys = keys;
    }

    /** The identity of an existing RSA-3072 key pair with e = 65537 [AC-KEY-1]. */
    public static ServerIdentity of(KeyPair keys) {
        return new ServerIdentity(keys);
    }

    /** A fresh RSA-3072 key pair with e = 65537 [AC-KEY-1]. */
    public static ServerIdentity generate(SecureRandom random) {
        return new ServerIdentity(generateKeyPair(random));
    }

    /** A fresh RSA-3072 key pair with e = 65537 [AC-KEY-1], for a server or a user. */
    public static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
            return rsa.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA-3072 keys", e);
        }
    }

    /** Whether {@code dir} already holds either key file. */
    public static boolean existsIn(Path dir) {
        return Files.exists(dir.resolve(PRIVATE_FILE)) || Files.exists(dir.resolve(PUBLIC_FILE));
    }

    /**
     * Reads the key pair from {@code dir}. Refuses a private key file that others may read [AC-DIR-3], a
     * key that is not RSA-3072 with e = 65537, and a public file that is not the private key's half.
     */
    public static ServerIdentity load(Path dir) throws IOException {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        PosixFileAttributeView posix = Files.getFileAttributeView(privateFile, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            if (!OWNER_ONLY.containsAll(perms)) { // [AC-DIR-3]
                throw new IOException(privateFile + " is readable or writable by others ("
                        + PosixFilePermissions.toString(perms) + "); run chmod 600 on it");
            }
        }
        byte[] pkcs8 = Pem.decode(Files.readString(privateFile, StandardCharsets.US_ASCII), "PRIVATE KEY", privateFile);
        byte[] spki = Pem.decode(Files.readString(publicFile, StandardCharsets.US_ASCII), "PUBLIC KEY", publicFile);
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(spki));
            if (!(privateKey instanceof RSAPrivateCrtKey crt) || !(publicKey instanceof RSAPublicKey pub)
                    || !crt.getModulus().equals(pub.getModulus())
                    || !crt.getPublicExponent().equals(pub.getPublicExponent())) {
                throw new IOException(publicFile + " is not the public half of " + privateFile);
            }
            if (pub.getModulus().bitLength() != RSA_BITS || !pub.getPublicExponent().equals(BigInteger.valueOf(65537))) {
                throw new IOException(privateFile + " is not an RSA-3072 key with e = 65537 (suite 1)");
            }
            return new ServerIdentity(new KeyPair(publicKey, privateKey));
        } catch (GeneralSecurityException e) {
            throw new IOException(privateFile + " or " + publicFile + " does not hold a valid RSA key", e);
        }
    }

    /**
     * Writes both files into {@code dir} (created owner-only if missing). Without {@code force}, refuses
     * when either file exists and writes nothing [AC-INIT-2]. Each file is written to a temporary file,
     * forced to disk and renamed, so a crash leaves either the old or the new file, never a torn one.
     */
    public void save(Path dir, boolean force) throws IOException {
        if (!force) {
            for (String name : new String[] {PRIVATE_FILE, PUBLIC_FILE}) {
                if (Files.exists(dir.resolve(name))) {
                    throw new FileAlreadyExistsException(dir.resolve(name).toString(), null,
                            "already exists; use --force to replace the server key");
                }
            }
        }
        DataDirectory.create(dir);
        writeAtomically(dir, PRIVATE_FILE, Pem.encode("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
        writeAtomically(dir, PUBLIC_FILE, Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded()), false);
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /** SHA-256 over the public key's SPKI DER, 64 lowercase hex digits [AC-FP-1]. */
    public String fingerprint() {
        return Fingerprint.of(keys.getPublic());
    }

    @Override
    public String toString() {
        return "ServerIdentity[RSA-" + RSA_BITS + ", fingerprint=" + fingerprint() + "]";
    }

    private static void writeAtomically(Path dir, String name, String text, boolean secret) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Set<PosixFilePermission> mode = secret ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--");
        // [AC-DIR-3] the private key file is created 0600: it is never readable by others, not even briefly
        try (FileChannel out = posix
                ? FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(mode))
                : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        }
        if (posix) {
            Files.setPosixFilePermissions(tmp, mode); // the umask may have narrowed the public file
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** PEM armour (RFC 7468): base64 in 64-character lines between BEGIN and END lines. */
    static final class Pem {
        private Pem() {
        }

        static String encode(String label, byte[] der) {
            return "-----BEGIN " + label + "-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END " + label + "-----\n";
        }

        static byte[] decode(String pem, String label, Path file) throws IOException {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int b = pem.indexOf(begin);
            int e = pem.indexOf(end);
            if (b < 0 || e < b) {
                throw new IOException(file + " is not a PEM file with a " + label + " block");
            }
            try {
                return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
            } catch (IllegalArgumentException ex) {
                throw new IOException(file + " holds invalid base64 in its " + label + " block", ex);
            }
        }
    }
}
