package dev.parley.chat.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAccountStoreTest {

    @TempDir
    Path tmp;

    private final SecureRandom random = new SecureRandom();

    @Test
    @DisplayName("[AC-STORE-1] [AC-STORE-2] add, find, replace, remove and a sorted list")
    void crud() throws Exception {
        try (SqliteAccountStore store = SqliteAccountStore.open(tmp.resolve("accounts.db"))) {
            Account bob = TestKeys.dummy("Bob", random);
            store.add(bob);
            store.add(TestKeys.dummy("alice", random));
            store.add(TestKeys.dummy("Alice", random));
            assertThat(store.find("Bob")).contains(bob);
            assertThat(store.find("bob")).isEmpty(); // compared exactly
            assertThat(store.find("no such/name")).isEmpty();
            assertThat(store.usernames()).containsExactly("Alice", "Bob", "alice");
            assertThatThrownBy(() -> store.add(TestKeys.dummy("Bob", random)))
                    .isInstanceOf(AccountExistsException.class).hasMessage("user Bob already exists");
            assertThat(store.find("Bob")).contains(bob);

            Account bob2 = TestKeys.dummy("Bob", random);
            store.replace(bob2);
            assertThat(store.find("Bob")).contains(bob2);
            assertThatThrownBy(() -> store.replace(TestKeys.dummy("Carol", random)))
                    .isInstanceOf(NoSuchAccountException.class).hasMessage("no user Carol");

            assertThat(store.remove("Bob")).isTrue();
            assertThat(store.remove("Bob")).isFalse();
            assertThat(store.usernames()).containsExactly("Alice", "alice");
        }
    }

    @Test
    @DisplayName("[AC-STORE-3] [AC-STORE-4] [AC-DIR-4] accounts survive a close and reopen; the schema is at migration version 1, WAL, synchronous FULL")
    void reopens() throws Exception {
        Path db = tmp.resolve("accounts.db");
        Account eve = TestKeys.dummy("Eve", random);
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            store.add(eve);
        }
        // [AC-DIR-4] owner-only, the log too
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(db)))
                .isEqualTo("rw-------");
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            assertThat(store.find("Eve")).contains(eve);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT max(version) FROM flyway_schema_history WHERE success = 1")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("1");
            }
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                r.next();
                assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    @DisplayName("[AC-STORE-1] eight threads adding at once: every distinct add lands, exactly one of a contested name wins")
    void concurrentAdds() throws Exception {
        try (SqliteAccountStore store = SqliteAccountStore.open(tmp.resolve("accounts.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger losses = new AtomicInteger();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.add(TestKeys.dummy("u" + thread + "_" + i, random));
                        try {
                            store.add(TestKeys.dummy("contested" + i, random));
                            wins.incrementAndGet();
                        } catch (AccountExistsException e) {
                            losses.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                f.get();
            }
            pool.shutdown();
            assertThat(wins.get()).isEqualTo(25);
            assertThat(losses.get()).isEqualTo(7 * 25);
            assertThat(store.usernames()).hasSize(8 * 25 + 25);
        }
    }

    @Test
    @DisplayName("[AC-SHARE-1] two stores on one file (as two server processes) see each other's writes and never lose one")
    void twoStoresShareOneFile() throws Exception {
        Path db = tmp.resolve("accounts.db");
        try (SqliteAccountStore a = SqliteAccountStore.open(db); SqliteAccountStore b = SqliteAccountStore.open(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<?> fa = pool.submit(() -> addMany(a, "a", 100));
            Future<?> fb = pool.submit(() -> addMany(b, "b", 100));
            fa.get(60, TimeUnit.SECONDS);
            fb.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(a.usernames()).hasSize(200);
            assertThat(b.usernames()).isEqualTo(a.usernames());
            assertThat(b.remove("a7")).isTrue();
            assertThat(a.find("a7")).isEmpty();
        }
    }

    @Test
    @DisplayName("[AC-REC-2] [AC-KDF-2] a damaged row (parameters out of bounds) is an error naming the user, never used")
    void damagedRowIsAnError() throws Exception {
        Path db = tmp.resolve("accounts.db");
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            store.add(TestKeys.dummy("Eve", random));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE account SET kdf_memory_kib = 4 WHERE username = 'Eve'");
            }
            assertThatThrownBy(() -> store.find("Eve"))
                    .isInstanceOf(AccountStoreException.class)
                    .hasMessageContaining("account of Eve").hasMessageContaining("damaged")
                    .hasMessageContaining("memory");
        }
    }

    @Test
    @DisplayName("[AC-STORE-1] a closed store refuses to work with a clear error")
    void closedStore() {
        SqliteAccountStore store = SqliteAccountStore.open(tmp.resolve("accounts.db"));
        store.close();
        store.close();
        assertThatThrownBy(store::usernames).hasMessageContaining("closed");
    }

    private Void addMany(AccountStore store, String prefix, int n) throws AccountExistsException {
        for (int i = 0; i < n; i++) {
            store.add(TestKeys.dummy(prefix + i, random));
        }
        return null;
    }
}
