package dev.parley.chat.peer;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;

/** RSA-3072 identity keys for the peer tests, made once per test JVM. */
final class PeerTestKeys {
    static final Map<String, KeyPair> KEYS;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(3072);
            KEYS = Map.of("Alice", g.generateKeyPair(), "Bob", g.generateKeyPair(), "Carol", g.generateKeyPair(),
                    "Mallory", g.generateKeyPair());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PeerTestKeys() {
    }

    static KeyPair of(String user) {
        return KEYS.get(user);
    }

    static byte[] spki(String user) {
        return KEYS.get(user).getPublic().getEncoded();
    }
}
