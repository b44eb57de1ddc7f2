package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.account.Account;
import dev.parley.chat.account.Envelope;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import dev.parley.chat.account.WrongPasswordException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code parley init} and {@code parley user ...} run in-process with their own streams. */
class AccountCommandsTest {

    /** Fast Argon2id parameters: the tests are about the commands, not the KDF's cost. */
    private static final String[] FAST = {"--kdf-memory", "64", "--kdf-iterations", "1"};
    private static final KeyPair[] PAIRS = new KeyPair[2];

    @TempDir
    Path tmp;

    private String stdin = "";
    private Function<String, char[]> terminal;
    private final Deque<String> typed = new ArrayDeque<>();
    private final AtomicInteger nextPair = new AtomicInteger();
    private String out;
    private String err;

    @BeforeAll
    static void makeKeys() {
        for (int i = 0; i < PAIRS.length; i++) {
            PAIRS[i] = ServerIdentity.generateKeyPair(new SecureRandom());
        }
    }

    private int parley(String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = defaults.create(cls);
                if (made instanceof InitCommand init) {
                    init.keyPairs = () -> PAIRS[nextPair.getAndIncrement() % PAIRS.length];
                } else if (made instanceof UserCommand.Base user) {
                    user.keyPairs = () -> PAIRS[nextPair.getAndIncrement() % PAIRS.length];
                    user.passwords = new Passwords(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal);
                }
                return made;
            }
        };
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = Parley.commandLine(factory);
        cli.setOut(new PrintWriter(o, true));
        cli.setErr(new PrintWriter(e, true));
        int status = cli.execute(Parley.seedAliases(args));
        out = o.toString();
        err = e.toString();
        return status;
    }

    private String[] with(String[] fast, String... args) {
        String[] all = new String[args.length + fast.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(fast, 0, all, args.length, fast.length);
        return all;
    }

    private Path data() {
        return tmp.resolve("parley-data");
    }

    private void init() {
        assertThat(parley(with(FAST, "init", "--data", data().toString()))).as(err).isZero();
    }

    private Account account(String name) {
        try (SqliteAccountStore store = SqliteAccountStore.open(data().resolve("accounts.db"))) {
            return store.find(name).orElseThrow();
        }
    }

    @Test
    @DisplayName("[AC-INIT-1] init creates the key files, seeds Alice, Bob, Charlie and Eve with passwords equal to their names and prints the fingerprint")
    void initSeedsUsers() throws Exception {
        init();
        ServerIdentity id = ServerIdentity.load(data());
        assertThat(out).contains("server key fingerprint: " + id.fingerprint());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data().resolve("server-key.pem"))))
                .isEqualTo("rw-------");
        try (SqliteAccountStore store = SqliteAccountStore.open(data().resolve("accounts.db"))) {
            assertThat(store.usernames()).containsExactly("Alice", "Bob", "Charlie", "Eve");
            for (String name : List.of("Alice", "Bob", "Charlie", "Eve")) {
                Account a = store.find(name).orElseThrow();
                assertThat(Envelope.open(a, name.toCharArray())).isNotNull();
            }
        }
    }

    @Test
    @DisplayName("[AC-INIT-2] init refuses to replace an existing key without --force, changes nothing, exit 1")
    void initRefusesOverwrite() throws Exception {
        init();
        byte[] key = Files.readAllBytes(data().resolve("server-key.pem"));
        byte[] db = Files.readAllBytes(data().resolve("accounts.db"));
        assertThat(parley(with(FAST, "init", "--data", data().toString()))).isEqualTo(1);
        assertThat(err.strip()).startsWith("parley init: ").contains("server-key.pem already exists").contains("--force")
                .doesNotContain("\n");
        assertThat(out).isEmpty();
        assertThat(Files.readAllBytes(data().resolve("server-key.pem"))).isEqualTo(key);
        assertThat(Files.readAllBytes(data().resolve("accounts.db"))).isEqualTo(db);
    }

    @Test
    @DisplayName("[AC-INIT-2] init --force replaces the key and the seed users, keeps other users")
    void initForceReplaces() throws Exception {
        init();
        String before = ServerIdentity.load(data()).fingerprint();
        stdin = "secret\n";
        assertThat(parley(with(FAST, "user", "add", "Dave", "--password-stdin", "--data", data().toString()))).isZero();
        nextPair.set(1); // the pre-made pair that is not the first server key
        assertThat(parley(with(FAST, "init", "--force", "--data", data().toString()))).as(err).isZero();
        String after = ServerIdentity.load(data()).fingerprint();
        assertThat(after).isNotEqualTo(before);
        assertThat(out).contains(after);
        assertThat(Envelope.open(account("Dave"), "secret".toCharArray())).isNotNull();
        assertThat(Envelope.open(account("Alice"), "Alice".toCharArray())).isNotNull();
    }

    @Test
    @DisplayName("[AC-INIT-1] the seed's -n is init")
    void seedAliasN() throws Exception {
        assertThat(parley(with(FAST, "-n", "--data", data().toString()))).as(err).isZero();
        assertThat(out).contains("server key fingerprint: " + ServerIdentity.load(data()).fingerprint());
    }

    @Test
    @DisplayName("[AC-KDF-2] init with Argon2id parameters out of bounds: one line naming the bound, usage exit, nothing written")
    void initBadKdf() {
        assertThat(parley("init", "--data", data().toString(), "--kdf-iterations", "0")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("parley init: Argon2id iterations must be in 1..16, got 0");
        assertThat(Files.exists(data())).isFalse();
    }

    @Test
    @DisplayName("[AC-CLI-3] user add --password-stdin reads one line; the envelope opens with it and not with another")
    void userAddFromStdin() throws Exception {
        init();
        stdin = "correct horse\r\nignored\n";
        assertThat(parley(with(FAST, "user", "add", "Dave", "--password-stdin", "--data", data().toString()))).as(err).isZero();
        Account dave = account("Dave");
        assertThat(out).contains("added Dave, key fingerprint " + dave.fingerprint());
        assertThat(Envelope.open(dave, "correct horse".toCharArray())).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Envelope.open(dave, "ignored".toCharArray()))
                .isInstanceOf(WrongPasswordException.class);
    }

    @Test
    @DisplayName("[AC-CLI-3] user add prompts twice on the terminal; differing entries are refused with exit 2")
    void userAddPrompts() throws Exception {
        init();
        terminal = prompt -> typed.removeFirst().toCharArray();
        typed.addAll(List.of("one", "two"));
        assertThat(parley(with(FAST, "user", "add", "Dave", "--data", data().toString()))).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("parley user add: the two passwords differ");
        typed.addAll(List.of("same", "same"));
        assertThat(parley(with(FAST, "user", "add", "Dave", "--data", data().toString()))).as(err).isZero();
        assertThat(Envelope.open(account("Dave"), "same".toCharArray())).isNotNull();
    }

    @Test
    @DisplayName("[AC-CLI-3] without a terminal and without --password-stdin, user add says how to give a password, exit 2")
    void userAddWithoutTerminal() throws Exception {
        init();
        assertThat(parley(with(FAST, "user", "add", "Dave", "--data", data().toString()))).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("parley user add: no terminal to prompt for the password; use --password-stdin");
        stdin = "\n";
        assertThat(parley(with(FAST, "user", "add", "Dave", "--password-stdin", "--data", data().toString()))).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("parley user add: empty password on standard input");
        assertThat(parley("user", "list", "--data", data().toString())).isZero();
        assertThat(out).doesNotContain("Dave");
    }

    @Test
    @DisplayName("[AC-CLI-3] a password is never an option: --password on the command line is a usage error")
    void noPasswordOption() throws Exception {
        init();
        assertThat(parley("user", "add", "Dave", "--password", "x", "--data", data().toString())).isEqualTo(2);
        assertThat(err).contains("Unknown option").contains("--password");
    }

    @Test
    @DisplayName("[AC-USER-1] [AC-CLI-2] bad usernames, existing and missing users: one specific line and exit 2 or 1")
    void userErrors() throws Exception {
        init();
        stdin = "pw\n";
        assertThat(parley(with(FAST, "user", "add", "bad name", "--password-stdin", "--data", data().toString()))).isEqualTo(2);
        assertThat(err.strip()).isEqualTo(
                "parley user add: invalid username \"bad name\": 1 to 32 ASCII letters, digits, '_', '-' or '.'");
        assertThat(parley(with(FAST, "user", "add", "Alice", "--password-stdin", "--data", data().toString()))).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("parley user add: user Alice already exists");
        assertThat(parley("user", "remove", "Zed", "--data", data().toString())).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("parley user remove: no user Zed");
        assertThat(parley(with(FAST, "user", "passwd", "Zed", "--password-stdin", "--data", data().toString()))).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("parley user passwd: no user Zed");
        assertThat(parley("user", "list", "--data", tmp.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(err.strip()).contains("run parley init first");
        assertThat(parley("user", "--data", data().toString())).isEqualTo(2);
        assertThat(parley("user", "frobnicate")).isEqualTo(2);
    }

    @Test
    @DisplayName("[AC-CLI-4] user passwd seals a new key pair under the new password; the old password no longer opens it")
    void userPasswd() throws Exception {
        init();
        Account before = account("Bob");
        stdin = "new-secret\n";
        assertThat(parley(with(FAST, "user", "passwd", "Bob", "--password-stdin", "--data", data().toString()))).as(err).isZero();
        Account after = account("Bob");
        assertThat(Envelope.open(after, "new-secret".toCharArray())).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Envelope.open(after, "Bob".toCharArray()))
                .isInstanceOf(WrongPasswordException.class);
        assertThat(after.salt()).isNotEqualTo(before.salt());
        assertThat(out).contains("key fingerprint " + after.fingerprint());
    }

    @Test
    @DisplayName("[AC-CLI-1] user remove and user list (sorted, one per line)")
    void removeAndList() throws Exception {
        init();
        assertThat(parley("user", "remove", "Charlie", "--data", data().toString())).isZero();
        assertThat(out.strip()).isEqualTo("removed Charlie");
        assertThat(parley("user", "list", "--data", data().toString())).isZero();
        assertThat(out).isEqualTo("Alice\nBob\nEve\n".replace("\n", System.lineSeparator()));
        assertThat(parley("user", "list", "--long", "--data", data().toString())).isZero();
        assertThat(out).contains("Alice " + account("Alice").fingerprint() + " m=64 t=1 p=1");
    }
}
