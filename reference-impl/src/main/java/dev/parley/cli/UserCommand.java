package dev.parley.cli;

import dev.parley.chat.account.Account;
import dev.parley.chat.account.AccountExistsException;
import dev.parley.chat.account.AccountStore;
import dev.parley.chat.account.Argon2Params;
import dev.parley.chat.account.DataDirectory;
import dev.parley.chat.account.Envelope;
import dev.parley.chat.account.NoSuchAccountException;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import dev.parley.chat.account.Usernames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley user add|remove|passwd|list}: manage the accounts of a data directory [AC-CLI-1]. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage the accounts of a data directory.",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.Passwd.class,
                UserCommand.ListUsers.class})
final class UserCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: add, remove, passwd or list");
    }

    /** What every user subcommand shares: the data directory, passwords, randomness, output. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        AccountOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Passwords passwords = Passwords.system();
        SecureRandom random = new SecureRandom();
        /** Where new RSA-3072 key pairs come from; tests hand out pre-made ones. */
        Supplier<KeyPair> keyPairs = () -> ServerIdentity.generateKeyPair(random);

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String prefix = "parley user " + spec.name() + ": ";
            Path dir = options.data;
            // [AC-CLI-2] the directory must be one that init created
            if (!Files.isDirectory(dir) || !ServerIdentity.existsIn(dir)) {
                err.println(prefix + "no server key in " + dir + "; run parley init first (or give --data DIR)");
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            try (AccountStore store = SqliteAccountStore.open(DataDirectory.accounts(dir))) {
                return run(store, spec.commandLine().getOut(), err, prefix);
            } catch (RuntimeException e) {
                err.println(prefix + e.getMessage());
                return Parley.EXIT_PROTOCOL_ERROR;
            }
        }

        abstract int run(AccountStore store, PrintWriter out, PrintWriter err, String prefix);

        /** A new envelope for {@code username} under a password read per [AC-CLI-3], or null after an error. */
        Account newAccount(String username, boolean fromStdin, PrintWriter err, String prefix) {
            Argon2Params kdf;
            try {
                kdf = options.kdf();
            } catch (IllegalArgumentException e) {
                err.println(prefix + e.getMessage());
                return null;
            }
            char[] password = null;
            try {
                password = passwords.read(username, fromStdin);
                return Envelope.seal(username, password, keyPairs.get(), kdf, random);
            } catch (Passwords.BadPassword | IllegalArgumentException e) {
                err.println(prefix + e.getMessage());
                return null;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }

        static boolean checkName(String username, PrintWriter err, String prefix) {
            if (!Usernames.isValid(username)) {
                try {
                    Usernames.check(username);
                } catch (IllegalArgumentException e) {
                    err.println(prefix + e.getMessage());
                }
                return false;
            }
            return true;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user: a new key pair sealed under a password prompted without echo.")
    static final class Add extends Base {
        @Parameters(paramLabel = "USERNAME", description = "1 to 32 ASCII letters, digits, '_', '-' or '.'.")
        String username;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        int run(AccountStore store, PrintWriter out, PrintWriter err, String prefix) {
            if (!checkName(username, err, prefix)) {
                return Parley.EXIT_USAGE;
            }
            if (store.find(username).isPresent()) { // before asking for a password
                err.println(prefix + "user " + username + " already exists");
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            Account account = newAccount(username, passwordStdin, err, prefix);
            if (account == null) {
                return Parley.EXIT_USAGE;
            }
            try {
                store.add(account);
            } catch (AccountExistsException e) { // added by another process meanwhile
                err.println(prefix + e.getMessage());
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            out.println("added " + username + ", key fingerprint " + account.fingerprint());
            return Parley.EXIT_OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
    static final class Remove extends Base {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        int run(AccountStore store, PrintWriter out, PrintWriter err, String prefix) {
            if (!checkName(username, err, prefix)) {
                return Parley.EXIT_USAGE;
            }
            if (!store.remove(username)) {
                err.println(prefix + "no user " + username);
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            out.println("removed " + username);
            return Parley.EXIT_OK;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a user's password: a new key pair sealed under the new password.")
    // [AC-CLI-4] the old envelope cannot be opened without the old password, so the key pair is new
    static final class Passwd extends Base {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        int run(AccountStore store, PrintWriter out, PrintWriter err, String prefix) {
            if (!checkName(username, err, prefix)) {
                return Parley.EXIT_USAGE;
            }
            if (store.find(username).isEmpty()) {
                err.println(prefix + "no user " + username);
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            Account account = newAccount(username, passwordStdin, err, prefix);
            if (account == null) {
                return Parley.EXIT_USAGE;
            }
            try {
                store.replace(account);
            } catch (NoSuchAccountException e) { // removed by another process meanwhile
                err.println(prefix + e.getMessage());
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            out.println("new password and key pair for " + username + ", key fingerprint " + account.fingerprint());
            return Parley.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users, one per line, sorted.")
    static final class ListUsers extends Base {
        @Option(names = {"-l", "--long"}, description = "Also show each user's key fingerprint and Argon2id parameters.")
        boolean longFormat;

        @Override
        int run(AccountStore store, PrintWriter out, PrintWriter err, String prefix) {
            for (String name : store.usernames()) {
                if (longFormat) {
                    Optional<Account> a = store.find(name);
                    a.ifPresent(account -> out.println(name + " " + account.fingerprint() + " m=" + account.kdf().memoryKiB()
                            + " t=" + account.kdf().iterations() + " p=" + account.kdf().parallelism()));
                } else {
                    out.println(name);
                }
            }
            return Parley.EXIT_OK;
        }
    }
}
