package dev.parley.chat.account;

/** The envelope's GCM tag did not verify under the key derived from the password [AC-ENV-4]. */
public final class WrongPasswordException extends Exception {
    public WrongPasswordException(String username) {
        super("wrong password for " + username + " (the envelope does not open)");
    }
}
