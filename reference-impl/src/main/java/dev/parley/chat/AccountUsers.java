package dev.parley.chat;

import dev.parley.chat.account.AccountStore;
import dev.parley.chat.account.Argon2Params;
import dev.parley.chat.account.Envelope;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/** Adapts the account store and the envelope format of {@code dev.parley.chat.account} to the login engines. */
public final class AccountUsers {
    private AccountUsers() {
    }

    /** The server's read access to a store [CH-COST-1]: only called after the work verified. */
    public static UserLookup of(AccountStore store) {
        return username -> store.find(username).map(a -> new StoredUser(a.username(), a.publicKeySpki(),
                a.kdf().memoryKiB(), a.kdf().iterations(), a.kdf().parallelism(), a.salt(), a.envelope()));
    }

    /** Opens an envelope with Argon2id and AES-256-GCM; null on a wrong password [CH-ENV-4] [CH-ENV-5]. */
    public static final EnvelopeOpener OPENER = (username, body, password) -> {
        byte[] key;
        try {
            key = Envelope.kdfKey(password, body.salt(),
                    new Argon2Params(body.memoryKib(), body.iterations(), body.parallelism()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] env = body.envelope();
        byte[] plain = Suite1.gcmOpen(key, Arrays.copyOf(env, 12), Envelope.aad(username),
                Arrays.copyOfRange(env, 12, env.length));
        Arrays.fill(key, (byte) 0);
        if (plain == null) {
            return null;
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(plain));
        } catch (Exception e) {
            return null;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    };
}
