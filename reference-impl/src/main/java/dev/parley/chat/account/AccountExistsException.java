package dev.parley.chat.account;

/** {@link AccountStore#add} found an account of that name already [AC-STORE-2]. */
public final class AccountExistsException extends Exception {
    public AccountExistsException(String username) {
        super("user " + username + " already exists");
    }
}
