package dev.parley.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The scenario names in the feature files, so the IUT config's {@code disabled} entries can be checked. */
final class FeatureIndex {

    private static final Pattern SCENARIO = Pattern.compile(
            "^\\s*(?:Scenario|Scenario Outline|Scenario Template|Example):\\s*(.+?)\\s*$");
    private static final Pattern OUTLINE_PARAMETER = Pattern.compile("<[^>]+>");

    private FeatureIndex() {
    }

    /** Every scenario title, as written (an outline's keeps its {@code <parameters>}). */
    static List<String> scenarioNames(Path featuresDir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(featuresDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".feature")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = SCENARIO.matcher(line);
                    if (m.matches()) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the features in " + featuresDir, e);
        }
        return names;
    }

    /** True when {@code name}, a scenario's running name, comes from {@code title}. */
    static boolean matches(String title, String name) {
        if (title.equals(name)) {
            return true;
        }
        Matcher m = OUTLINE_PARAMETER.matcher(title);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(title.substring(last, m.start()))).append(".+");
            last = m.end();
        }
        if (last == 0) {
            return false;
        }
        regex.append(Pattern.quote(title.substring(last)));
        return name.matches(regex.toString());
    }
}
