package dev.parley.chat.account;

/** The account database failed (I/O, corruption, a lock held too long): nothing was acknowledged. */
public final class AccountStoreException extends RuntimeException {
    public AccountStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
