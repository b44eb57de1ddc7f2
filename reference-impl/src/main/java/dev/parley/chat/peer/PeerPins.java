package dev.parley.chat.peer;

import dev.parley.chat.ChatCodec;
import dev.parley.chat.Suite1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's pins, user to key fingerprint (spec/messaging.md section 7) [PM-PIN-1]: the first key accepted for
 * a user is pinned; a different key later is a change the user must see [PM-PIN-2]. Persisted, when a file is
 * given, as one line per user ({@code username SP 64 hex digits}), rewritten whole through a temporary file.
 * Thread-safe.
 */
public final class PeerPins {
    private static final Logger LOG = LoggerFactory.getLogger(PeerPins.class);

    public enum Check { FIRST_USE, SAME, CHANGED, FULL }

    private final Path file;
    private final int capacity;
    private final Map<String, String> fingerprints = new TreeMap<>();

    /** @param file the pin file, or null to keep pins in memory only */
    public PeerPins(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
        if (file != null && Files.exists(file)) {
            try {
                int bad = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    String[] f = line.split(" ");
                    if (f.length == 2 && ChatCodec.validUsername(f[0]) && f[1].matches("[0-9a-f]{64}")
                            && fingerprints.size() < capacity) {
                        fingerprints.put(f[0], f[1]);
                    } else if (!line.isBlank()) {
                        bad++;
                    }
                }
                if (bad > 0) {
                    LOG.warn("{}: ignored {} malformed pin line(s)", file, bad);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public synchronized Optional<String> fingerprint(String user) {
        return Optional.ofNullable(fingerprints.get(user));
    }

    /** Checks {@code spki} against the pin of {@code user}, pinning it on first use [PM-PIN-1] [PM-PIN-2]. */
    public synchronized Check check(String user, byte[] spki) {
        String fp = Suite1.fingerprint(spki);
        String pinned = fingerprints.get(user);
        if (pinned != null) {
            return pinned.equals(fp) ? Check.SAME : Check.CHANGED;
        }
        if (fingerprints.size() >= capacity) {
            return Check.FULL;
        }
        fingerprints.put(user, fp);
        save();
        return Check.FIRST_USE;
    }

    /** The user accepted a new key for {@code user} (never the network) [PM-PIN-2]. */
    public synchronized void replace(String user, String fingerprint) {
        if (!fingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a fingerprint is 64 lowercase hex digits");
        }
        fingerprints.put(user, fingerprint);
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            List<String> lines = fingerprints.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
            Files.write(tmp, lines, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
