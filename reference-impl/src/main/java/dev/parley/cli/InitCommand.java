package dev.parley.cli;

import dev.parley.chat.account.Account;
import dev.parley.chat.account.AccountExistsException;
import dev.parley.chat.account.AccountStore;
import dev.parley.chat.account.Argon2Params;
import dev.parley.chat.account.DataDirectory;
import dev.parley.chat.account.Envelope;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley init} (the seed's {@code -n}): a new server key in the data directory and the seed's
 * users Alice, Bob, Charlie and Eve with passwords equal to their names; prints the key's fingerprint
 * [AC-INIT-1]. Refuses to replace an existing key or database without {@code --force} [AC-INIT-2].
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the server key and seed the users Alice, Bob, Charlie and Eve "
                + "(passwords equal to their names); print the server key's fingerprint.")
final class InitCommand implements Callable<Integer> {

    /** The seed's users; each one's password is its name [AC-INIT-1]. */
    static final List<String> SEED_USERS = List.of("Alice", "Bob", "Charlie", "Eve");

    @Mixin
    AccountOptions options;

    @Option(names = "--force", description = "Replace an existing server key and the seed users' accounts.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    SecureRandom random = new SecureRandom();
    /** Where new RSA-3072 key pairs come from; tests hand out pre-made ones. */
    Supplier<KeyPair> keyPairs = () -> ServerIdentity.generateKeyPair(random);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Argon2Params kdf;
        try {
            kdf = options.kdf();
        } catch (IllegalArgumentException e) {
            err.println("parley init: " + e.getMessage());
            return Parley.EXIT_USAGE;
        }
        Path dir = options.data;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            err.println("parley init: " + dir + " exists and is not a directory");
            return Parley.EXIT_USAGE;
        }
        if (!force) { // [AC-INIT-2] nothing is written when anything would be replaced
            for (Path p : List.of(dir.resolve(ServerIdentity.PRIVATE_FILE), dir.resolve(ServerIdentity.PUBLIC_FILE),
                    DataDirectory.accounts(dir))) {
                if (Files.exists(p)) {
                    err.println("parley init: " + p + " already exists; use --force to replace the server key"
                            + " and the seed users");
                    return Parley.EXIT_PROTOCOL_ERROR;
                }
            }
        }
        // Everything costly first, so a failure leaves the directory as it was.
        ServerIdentity identity = ServerIdentity.of(keyPairs.get());
        List<Account> seeds = new ArrayList<>();
        for (String name : SEED_USERS) {
            seeds.add(Envelope.seal(name, name.toCharArray(), keyPairs.get(), kdf, random));
        }
        try {
            identity.save(dir, force);
            try (AccountStore store = SqliteAccountStore.open(DataDirectory.accounts(dir))) {
                for (Account a : seeds) {
                    try {
                        store.add(a);
                    } catch (AccountExistsException e) {
                        store.replace(a); // only reachable with --force
                    }
                }
            }
        } catch (Exception e) {
            err.println("parley init: " + e.getMessage());
            return Parley.EXIT_PROTOCOL_ERROR;
        }
        out.println("created " + dir.resolve(ServerIdentity.PRIVATE_FILE) + " (RSA-3072, mode 0600) and "
                + dir.resolve(ServerIdentity.PUBLIC_FILE));
        out.println("seeded users " + String.join(", ", SEED_USERS) + " (passwords equal to their names) in "
                + DataDirectory.accounts(dir) + ", " + kdf);
        out.println("server key fingerprint: " + identity.fingerprint()); // [AC-INIT-1]
        out.flush();
        return Parley.EXIT_OK;
    }
}
