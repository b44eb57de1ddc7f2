package dev.parley.speccheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The committed index spec/requirements/ is what {@link RequirementsIndex} generates now. With
 * -Dparley.requirements.write=true the test rewrites it instead ({@link RequirementsIndex#REGENERATE}).
 */
class RequirementsIndexIsCurrentTest {

    @Test
    @DisplayName("spec/requirements/ is the index generated from the current spec, tests and scenarios")
    void committedIndexIsCurrent() throws IOException {
        Path directory = Repository.root().resolve(RepositoryScan.INDEX_DIRECTORY);
        Map<String, String> expected = RequirementsIndex.render(Repository.scan());
        TreeSet<String> present = new TreeSet<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(p -> p.getFileName().toString().endsWith(".md"))
                        .forEach(p -> present.add(p.getFileName().toString()));
            }
        }

        if (Boolean.getBoolean("parley.requirements.write")) {
            Files.createDirectories(directory);
            for (String stale : present) {
                if (!expected.containsKey(stale)) {
                    Files.delete(directory.resolve(stale));
                }
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                Files.writeString(directory.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            System.out.println("[spec-check] wrote " + expected.size() + " files to " + RepositoryScan.INDEX_DIRECTORY);
            return;
        }

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = directory.resolve(e.getKey());
            if (!Files.exists(file)) {
                problems.add(RepositoryScan.INDEX_DIRECTORY + "/" + e.getKey() + " is missing");
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add(RepositoryScan.INDEX_DIRECTORY + "/" + e.getKey() + " is stale" + firstDifference(
                        Files.readString(file, StandardCharsets.UTF_8), e.getValue()));
            }
        }
        for (String name : present) {
            if (!expected.containsKey(name)) {
                problems.add(RepositoryScan.INDEX_DIRECTORY + "/" + name + " belongs to no chapter any more");
            }
        }
        assertThat(problems)
                .withFailMessage(() -> "The requirements index is not current:\n  " + String.join("\n  ", problems)
                        + "\nRegenerate it with:\n  " + RequirementsIndex.REGENERATE)
                .isEmpty();
    }

    @Test
    @DisplayName("lists in the build output the MUST requirements that no test or scenario cites")
    void printsUncoveredMustIds() {
        Map<String, List<String>> uncovered = RequirementsIndex.uncoveredMust(Repository.scan());
        int total = uncovered.values().stream().mapToInt(List::size).sum();
        StringBuilder out = new StringBuilder("[spec-check] MUST requirements that no test or scenario cites: " + total);
        uncovered.forEach((chapter, ids) -> out.append("\n[spec-check]   ").append(chapter).append(" (")
                .append(ids.size()).append("): ").append(String.join(", ", ids)));
        System.out.println(out);

        assertThat(RequirementsIndex.entries(Repository.scan())).isNotEmpty();
    }

    private static String firstDifference(String committed, String generated) {
        String[] a = committed.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end of file>";
            String y = i < b.length ? b[i] : "<end of file>";
            if (!x.equals(y)) {
                return " (first difference at line " + (i + 1) + ":\n      committed: " + abbreviate(x)
                        + "\n      generated: " + abbreviate(y) + ")";
            }
        }
        return "";
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
