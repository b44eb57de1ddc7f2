package dev.parley.chat;

import java.security.PrivateKey;

/** The client's envelope opening: Argon2id then AES-256-GCM [CH-ENV-4]; null when the tag fails. */
@FunctionalInterface
public interface EnvelopeOpener {
    PrivateKey open(String username, Bodies.EnvelopeBody body, char[] password);
}
