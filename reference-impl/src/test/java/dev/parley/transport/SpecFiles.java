package dev.parley.transport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's spec/ folder from the test's working directory (the module or the repository root); shared by every layer's tests. */
public final class SpecFiles {

    private SpecFiles() {
    }

    public static Path spec(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("spec").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("spec/" + relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
