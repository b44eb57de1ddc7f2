package dev.parley.chat.account;

import java.util.List;
import java.util.Optional;

/**
 * The accounts of one user population [AC-STORE-1]. Every method is safe to call from several threads,
 * and several processes may open the same store. A write that returns normally is durable: it survives
 * the process being killed at any later instant [AC-STORE-3]. Failures of the database itself are
 * {@link AccountStoreException}s.
 */
public interface AccountStore extends AutoCloseable {

    /** The account of {@code username}; empty when there is none or the name is not a valid username. */
    Optional<Account> find(String username);

    /** Adds a new account; durable when it returns [AC-STORE-3]. */
    void add(Account a) throws AccountExistsException;

    /** Replaces the account of the same username (a new password or key); durable when it returns. */
    void replace(Account a) throws NoSuchAccountException;

    /** Removes the account; whether there was one. Durable when it returns. */
    boolean remove(String username);

    /** Every username, sorted by octets (ASCII order). */
    List<String> usernames();

    @Override
    void close();
}
