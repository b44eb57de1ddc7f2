package dev.parley.chat.account;

/** {@link AccountStore#replace} found no account of that name [AC-STORE-2]. */
public final class NoSuchAccountException extends Exception {
    public NoSuchAccountException(String username) {
        super("no user " + username);
    }
}
