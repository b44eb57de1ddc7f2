package dev.parley.chat.peer;

import dev.parley.chat.Endpoint;
import java.security.PrivateKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * End-to-end messages between logged-in clients (the messaging chapter): the seam between the messaging
 * engine and the client that drives it. The client supplies a {@link Context} once it is logged in; the
 * engine opens, reuses and closes peer connections on the client's node, and reports what arrives to a
 * {@link Listener}. Every method may be called from any thread.
 */
public interface PeerMessaging extends AutoCloseable {

    /**
     * Sends {@code text} to every recipient (one peer session each). The future completes when every
     * recipient has either acknowledged delivery or failed in a bounded time; it never completes
     * exceptionally.
     */
    CompletableFuture<List<SendResult>> send(List<String> recipients, String text);

    /** The pinned fingerprint of {@code user}'s identity key, if this client has pinned one. */
    Optional<String> pinnedFingerprint(String user);

    @Override
    void close();

    /** What happened to one recipient of a {@link #send}. */
    record SendResult(String recipient, Outcome outcome, String detail) {
    }

    enum Outcome {
        /** The recipient's client acknowledged the message (a delivery receipt). */
        DELIVERED,
        /** The server says the user is not online (or has no account: the two are indistinguishable). */
        OFFLINE,
        /** The key the server gives differs from the pinned one: nothing was sent; the user must decide. */
        KEY_CHANGED,
        /** The peer did not answer in time, refused, or the session to the server is gone. */
        FAILED
    }

    /** What the engine reports; called on the engine's thread, must not block. */
    interface Listener {
        void onMessage(String sender, String text, long sentAtMs);

        /** A peer's identity key differs from the pinned one (never silent). */
        void onKeyChanged(String user, String pinnedFingerprint, String presentedFingerprint);
    }

    /** What the engine needs from a logged-in client. */
    interface Context {
        String username();

        /** The user's identity private key, opened from the password envelope at login. */
        PrivateKey identityKey();

        /** The user's identity public key as X.509 SubjectPublicKeyInfo. */
        byte[] identitySpki();

        /**
         * Looks one user up through the protected server session (lookup_request): empty when the user is
         * not online; completes exceptionally when the server session has ended.
         */
        CompletableFuture<Optional<PeerInfo>> lookup(String username);
    }

    /** One lookup_response with status 0. */
    record PeerInfo(String username, byte[] spki, Endpoint endpoint) {
    }
}
