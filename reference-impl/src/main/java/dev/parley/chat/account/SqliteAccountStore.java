package dev.parley.chat.account;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded account store: one SQLite file, its schema brought up to date by the Flyway migrations
 * in {@code db/migration} when it is opened [AC-STORE-4]. The file runs in write-ahead-log mode with
 * {@code synchronous=FULL}, so every acknowledged write is on disk before the call returns [AC-STORE-3];
 * several processes may open the same file, each waiting up to {@value #BUSY_TIMEOUT_MILLIS} ms for the
 * others' write locks [AC-SHARE-1]. One connection per instance, used under a lock, serves every thread.
 */
public final class SqliteAccountStore implements AccountStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteAccountStore.class);
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final String COLUMNS =
            "username, suite, public_key, kdf_memory_kib, kdf_iterations, kdf_parallelism, salt, envelope";

    private final Path file;
    private final Connection connection;
    private final Object lock = new Object();
    private boolean closed;

    private SqliteAccountStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if missing) the database at {@code dbFile} and migrates its schema [AC-STORE-4]. */
    public static SqliteAccountStore open(Path dbFile) {
        createOwnerOnly(dbFile);
        SQLiteConfig config = new SQLiteConfig();
        // [AC-STORE-3] WAL + synchronous=FULL: a commit is fsync'd to the log before it returns
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS); // [AC-SHARE-1]
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + dbFile.toAbsolutePath());
        try {
            Flyway.configure()
                    .dataSource(source)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new AccountStoreException("cannot migrate the account database " + dbFile + ": " + e.getMessage(), e);
        }
        try {
            Connection c = source.getConnection();
            c.setAutoCommit(true); // every statement is its own durable transaction
            LOG.debug("opened account database {}", dbFile);
            return new SqliteAccountStore(dbFile, c);
        } catch (SQLException e) {
            throw new AccountStoreException("cannot open the account database " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /** [AC-DIR-4] a new database file is created 0600; SQLite gives its -wal and -shm files the same mode. */
    private static void createOwnerOnly(Path dbFile) {
        try {
            Path dir = dbFile.toAbsolutePath().getParent();
            if (!Files.exists(dbFile) && dir != null && Files.isDirectory(dir)
                    && Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(dbFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it meanwhile: fine
        } catch (IOException e) {
            throw new AccountStoreException("cannot create the account database " + dbFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Account> find(String username) {
        if (!Usernames.isValid(username)) {
            return Optional.empty();
        }
        synchronized (lock) {
            try (PreparedStatement q = connection().prepareStatement(
                    "SELECT " + COLUMNS + " FROM account WHERE username = ?")) {
                q.setString(1, username);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(read(r)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw failure("read the account of " + username, e);
            }
        }
    }

    @Override
    public void add(Account a) throws AccountExistsException {
        synchronized (lock) {
            try (PreparedStatement q = connection().prepareStatement(
                    "INSERT INTO account (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(q, a);
                q.executeUpdate(); // [AC-STORE-3] autocommit: durable when this returns
            } catch (SQLiteException e) {
                if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                        || e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                    throw new AccountExistsException(a.username()); // [AC-STORE-2]
                }
                throw failure("add " + a.username(), e);
            } catch (SQLException e) {
                throw failure("add " + a.username(), e);
            }
        }
    }

    @Override
    public void replace(Account a) throws NoSuchAccountException {
        synchronized (lock) {
            try (PreparedStatement q = connection().prepareStatement(
                    "UPDATE account SET suite = ?, public_key = ?, kdf_memory_kib = ?, kdf_iterations = ?, "
                            + "kdf_parallelism = ?, salt = ?, envelope = ? WHERE username = ?")) {
                q.setInt(1, a.suite());
                q.setBytes(2, a.publicKeySpki());
                q.setInt(3, a.kdf().memoryKiB());
                q.setInt(4, a.kdf().iterations());
                q.setInt(5, a.kdf().parallelism());
                q.setBytes(6, a.salt());
                q.setBytes(7, a.envelope());
                q.setString(8, a.username());
                if (q.executeUpdate() == 0) {
                    throw new NoSuchAccountException(a.username()); // [AC-STORE-2]
                }
            } catch (SQLException e) {
                throw failure("replace " + a.username(), e);
            }
        }
    }

    @Override
    public boolean remove(String username) {
        if (!Usernames.isValid(username)) {
            return false;
        }
        synchronized (lock) {
            try (PreparedStatement q = connection().prepareStatement("DELETE FROM account WHERE username = ?")) {
                q.setString(1, username);
                return q.executeUpdate() > 0;
            } catch (SQLException e) {
                throw failure("remove " + username, e);
            }
        }
    }

    @Override
    public List<String> usernames() {
        synchronized (lock) {
            // BINARY collation: octet order, which for ASCII names is String order
            try (PreparedStatement q = connection().prepareStatement("SELECT username FROM account ORDER BY username");
                 ResultSet r = q.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (r.next()) {
                    names.add(r.getString(1));
                }
                return names;
            } catch (SQLException e) {
                throw failure("list the users", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("closing the account database {} failed: {}", file, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "SqliteAccountStore[" + file + "]";
    }

    private Connection connection() {
        if (closed) {
            throw new IllegalStateException("the account store " + file + " is closed");
        }
        return connection;
    }

    private static void bind(PreparedStatement q, Account a) throws SQLException {
        q.setString(1, a.username());
        q.setInt(2, a.suite());
        q.setBytes(3, a.publicKeySpki());
        q.setInt(4, a.kdf().memoryKiB());
        q.setInt(5, a.kdf().iterations());
        q.setInt(6, a.kdf().parallelism());
        q.setBytes(7, a.salt());
        q.setBytes(8, a.envelope());
    }

    private Account read(ResultSet r) throws SQLException {
        String username = r.getString(1);
        try {
            return new Account(username, r.getInt(2), r.getBytes(3),
                    new Argon2Params(r.getInt(4), r.getInt(5), r.getInt(6)), r.getBytes(7), r.getBytes(8));
        } catch (IllegalArgumentException e) {
            // [AC-KDF-2] a damaged row is an error, never a silently weakened account
            throw new AccountStoreException("the account of " + username + " in " + file + " is damaged: "
                    + e.getMessage(), e);
        }
    }

    private AccountStoreException failure(String what, SQLException e) {
        return new AccountStoreException("cannot " + what + " in " + file + ": " + e.getMessage(), e);
    }
}
