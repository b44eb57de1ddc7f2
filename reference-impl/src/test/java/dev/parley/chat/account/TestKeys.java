package dev.parley.chat.account;

import java.security.KeyPair;
import java.security.SecureRandom;

/** RSA-3072 key pairs are slow to make: the tests share a few, made once. */
final class TestKeys {
    static final Argon2Params FAST = new Argon2Params(64, 1, 1);
    private static KeyPair first;
    private static KeyPair second;

    private TestKeys() {
    }

    static synchronized KeyPair first() {
        if (first == null) {
            first = ServerIdentity.generateKeyPair(new SecureRandom());
        }
        return first;
    }

    static synchronized KeyPair second() {
        if (second == null) {
            second = ServerIdentity.generateKeyPair(new SecureRandom());
        }
        return second;
    }

    /** A structurally valid record without real crypto, for store tests. */
    static Account dummy(String username, SecureRandom random) {
        byte[] spki = new byte[422];
        byte[] salt = new byte[Account.SALT_LENGTH];
        byte[] envelope = new byte[1260];
        random.nextBytes(spki);
        random.nextBytes(salt);
        random.nextBytes(envelope);
        return new Account(username, Account.SUITE_1, spki, FAST, salt, envelope);
    }
}
