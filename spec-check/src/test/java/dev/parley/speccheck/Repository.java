package dev.parley.speccheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The repository the checks read: -Dparley.root (set by the module's pom), else the parent directory. */
final class Repository {

    private static RepositoryScan scan;

    private Repository() {
    }

    static Path root() {
        String property = System.getProperty("parley.root", "").strip();
        Path root = (property.isEmpty() ? Path.of("..") : Path.of(property)).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("spec")) || !Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new IllegalStateException("not the repository root (no spec/ or pom.xml): " + root);
        }
        return root;
    }

    static synchronized RepositoryScan scan() {
        if (scan == null) {
            scan = RepositoryScan.of(root());
        }
        return scan;
    }

    /** The allow-list: one id per line, then optionally "#" and the reason; blank and "#" lines ignored. */
    static Map<String, String> allowList() {
        Path file = root().resolve(RepositoryScan.ALLOW_LIST);
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int hash = t.indexOf('#');
                String id = (hash < 0 ? t : t.substring(0, hash)).strip();
                if (!RequirementIds.isId(id)) {
                    throw new IllegalStateException(RepositoryScan.ALLOW_LIST + ":" + n + ": not a requirement id: " + id);
                }
                out.put(id, hash < 0 ? "" : t.substring(hash + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
