package dev.parley.chat;

import java.util.Optional;

/** The server's read access to accounts, done only after the proof of work verifies [CH-COST-1]. */
@FunctionalInterface
public interface UserLookup {
    Optional<StoredUser> find(String username);
}
