package dev.parley.chat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's spec/ folder from the test's working directory. */
final class ChatSpecFiles {
    private ChatSpecFiles() {
    }

    static Path spec(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("spec").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("spec/" + relative + " not found");
    }
}
