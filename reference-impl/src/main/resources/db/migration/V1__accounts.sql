-- Accounts of one user population (spec/accounts.md, AC-REC-1). Usernames compare by octets
-- (SQLite's default BINARY collation), so "alice" and "Alice" are two users.
CREATE TABLE account (
    username        TEXT    NOT NULL PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 32),
    suite           INTEGER NOT NULL,
    public_key      BLOB    NOT NULL,
    kdf_memory_kib  INTEGER NOT NULL,
    kdf_iterations  INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    salt            BLOB    NOT NULL,
    envelope        BLOB    NOT NULL
);
