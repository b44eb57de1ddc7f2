package dev.parley.chat;

/** What the login needs of one account: its public key and envelope with the Argon2id parameters [CH-ENV-1]. */
public record StoredUser(String username, byte[] publicKeySpki, int memoryKib, int iterations, int parallelism,
        byte[] salt, byte[] envelope) {
}
