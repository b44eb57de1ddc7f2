package dev.parley.client;

import dev.parley.chat.Suite1;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The server key a client pins before it connects [CH-PIN-1]: read from a PEM file ({@code server-pub.pem} written by
 * {@code parley init}) or given as a fingerprint. Default file: {@value #DEFAULT_FILE} under the working directory
 * [CH-PIN-4].
 */
public final class PinnedKey {
    /** Where {@code parley init} writes the server's public key with the default data directory. */
    public static final String DEFAULT_FILE = "parley-data/server-pub.pem";
    /** A key file is small; anything larger is not one. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private PinnedKey() {
    }

    /** The SPKI DER in {@code file}, a PEM {@code PUBLIC KEY} block; IOException with a one-line reason otherwise. */
    public static byte[] readSpki(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " octets: not a public key file");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(file + " holds no PEM PUBLIC KEY block");
        }
        byte[] spki;
        try {
            spki = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException x) {
            throw new IOException(file + ": the PUBLIC KEY block is not valid base64");
        }
        if (Suite1.publicKey(spki) == null) {
            throw new IOException(file + " does not hold an RSA public key");
        }
        return spki;
    }
}
