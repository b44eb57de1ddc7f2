package dev.parley.cli;

import dev.parley.chat.account.Argon2Params;
import dev.parley.chat.account.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by {@code init} and {@code user}: the data directory and the Argon2id parameters. */
final class AccountOptions {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = DataDirectory.DEFAULT,
            description = "Data directory: server key and account database (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--kdf-memory", paramLabel = "KIB", defaultValue = "65536",
            description = "Argon2id memory in KiB for new envelopes (default: ${DEFAULT-VALUE}).")
    int kdfMemoryKiB;

    @Option(names = "--kdf-iterations", paramLabel = "N", defaultValue = "3",
            description = "Argon2id iterations for new envelopes (default: ${DEFAULT-VALUE}).")
    int kdfIterations;

    @Option(names = "--kdf-parallelism", paramLabel = "N", defaultValue = "1",
            description = "Argon2id parallelism for new envelopes (default: ${DEFAULT-VALUE}).")
    int kdfParallelism;

    /** The Argon2id parameters asked for; IllegalArgumentException names the bound broken [AC-KDF-2]. */
    Argon2Params kdf() {
        return new Argon2Params(kdfMemoryKiB, kdfIterations, kdfParallelism);
    }
}
