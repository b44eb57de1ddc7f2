package dev.parley.speccheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the repository says about requirement ids: where each is defined (spec/conventions.md section 2.4),
 * where it is cited, and which tests and scenarios cite it. Paths are relative to the repository root, with
 * '/' as the separator, so messages and the generated index are the same on every machine.
 */
public final class RepositoryScan {

    /** The generated index; it cites every id, so it is neither a definition nor a citation. */
    public static final String INDEX_DIRECTORY = "spec/requirements";
    /** Ids known to be cited but not yet defined; see spec/conventions.md section 2.4. */
    public static final String ALLOW_LIST = "spec-check/known-undefined-ids.txt";
    /** The checker's own tests, which cite made-up ids on purpose. */
    public static final String OWN_TESTS = "spec-check/src/test/";

    private static final Set<String> TEXT_EXTENSIONS = Set.of("md", "java", "feature", "ksy", "yaml", "yml", "pml",
            "json", "py", "xml", "txt", "properties", "sh");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", "build");

    /** Where an id is defined: a list item starting with it, or a row of a chapter's requirements index. */
    public record Definition(String id, String path, int line, Kind kind, String level) {
        public enum Kind { RULE, INDEX_ROW }

        @Override
        public String toString() {
            return path + ":" + line + " (" + (kind == Kind.RULE ? "rule" : "index row") + ")";
        }
    }

    /** One line of one file that cites an id. */
    public record Citation(String path, int line) {
        @Override
        public String toString() {
            return path + ":" + line;
        }
    }

    private final Map<String, List<Definition>> definitions = new TreeMap<>();
    private final Map<String, List<Citation>> citations = new TreeMap<>();
    private final Map<String, Set<String>> tests = new TreeMap<>();
    private final Map<String, Set<String>> scenarios = new TreeMap<>();

    private RepositoryScan() {
    }

    /** Scans every text file under {@code root}, skipping hidden and build directories. */
    public static RepositoryScan of(Path root) {
        RepositoryScan scan = new RepositoryScan();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> included(root.relativize(p)))
                    .sorted(Comparator.comparing(p -> relative(root, p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            String path = relative(root, file);
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // not UTF-8 text: it cites nothing
            }
            scan.add(path, lines);
        }
        return scan;
    }

    /** Adds one file; exposed so that tests can scan made-up files. */
    void add(String path, List<String> lines) {
        if (path.startsWith(INDEX_DIRECTORY + "/") || path.equals(ALLOW_LIST) || path.startsWith(OWN_TESTS)) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            for (String id : RequirementIds.citedIn(lines.get(i))) {
                citations.computeIfAbsent(id, k -> new ArrayList<>()).add(new Citation(path, i + 1));
            }
        }
        if (path.startsWith("spec/") && path.endsWith(".md")) {
            addDefinitions(path, lines);
        }
        if (path.endsWith(".java") && path.contains("/src/test/java/") && isTestClass(lines)) {
            addTests(path, lines);
        }
        if (path.endsWith(".feature")) {
            addScenarios(path, lines);
        }
    }

    static RepositoryScan empty() {
        return new RepositoryScan();
    }

    public Map<String, List<Definition>> definitions() {
        return definitions;
    }

    public Map<String, List<Citation>> citations() {
        return citations;
    }

    /** Test methods (Class#method, or Class) whose name, annotations or body cite the id. */
    public Set<String> testsOf(String id) {
        return tests.getOrDefault(id, Set.of());
    }

    /** Scenarios ("folder/file.feature: name") tagged with the id, directly or through their feature or rule. */
    public Set<String> scenariosOf(String id) {
        return scenarios.getOrDefault(id, Set.of());
    }

    // ---- definitions --------------------------------------------------------------------------------

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern RULE_START = Pattern.compile(
            "^\\s*(?:[-*+]|[0-9]+\\.)\\s+(?:\\*\\*)?\\[(" + RequirementIds.ID + ")\\](?:\\*\\*)?(.*)$");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+]|[0-9]+\\.)\\s+.*");

    private void addDefinitions(String path, List<String> lines) {
        boolean fenced = false;
        boolean inIndex = false;
        int levelColumn = -1;
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                inIndex = heading.group(1).toLowerCase(Locale.ROOT).contains("requirements index");
                headerSeen = false;
                levelColumn = -1;
                continue;
            }
            if (inIndex && line.strip().startsWith("|")) {
                List<String> cells = cells(line);
                if (!headerSeen) {
                    headerSeen = true;
                    for (int c = 0; c < cells.size(); c++) {
                        String name = cells.get(c).toLowerCase(Locale.ROOT);
                        if (name.equals("keyword") || name.equals("keywords") || name.equals("level")) {
                            levelColumn = c;
                        }
                    }
                    continue;
                }
                String first = cells.isEmpty() ? "" : cells.get(0).replaceAll("[\\[\\]`*]", "").strip();
                if (RequirementIds.isId(first)) {
                    String level = levelColumn >= 0 && levelColumn < cells.size() ? cells.get(levelColumn) : "none";
                    define(new Definition(first, path, i + 1, Definition.Kind.INDEX_ROW, level.isEmpty() ? "none" : level));
                }
                continue;
            }
            Matcher rule = RULE_START.matcher(line);
            if (rule.matches()) {
                StringBuilder text = new StringBuilder(rule.group(2));
                for (int j = i + 1; j < lines.size(); j++) {
                    String next = lines.get(j);
                    if (next.isBlank() || LIST_ITEM.matcher(next).matches() || next.startsWith("#")
                            || next.strip().startsWith("|") || next.strip().startsWith("```")) {
                        break;
                    }
                    text.append(' ').append(next);
                }
                define(new Definition(rule.group(1), path, i + 1, Definition.Kind.RULE,
                        RequirementIds.levelOf(text.toString())));
            }
        }
    }

    private void define(Definition d) {
        definitions.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(d);
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        List<String> out = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            out.add(cell.strip());
        }
        return out;
    }

    // ---- tests ----------------------------------------------------------------------------------------

    private static final Pattern TEST_ANNOTATION =
            Pattern.compile("^\\s*@(Test|ParameterizedTest|TestFactory|RepeatedTest|TestTemplate|FuzzTest)\\b.*");
    private static final Pattern METHOD = Pattern.compile(
            "^\\s*(?:(?:public|protected|private|static|final|synchronized|abstract)\\s+)*"
                    + "(?:<[^>]+>\\s+)?[A-Za-z_][\\w.<>\\[\\],? ]*\\s+([a-z_][A-Za-z0-9_]*)\\s*\\([^;]*$");
    private static final Pattern TYPE = Pattern.compile("^\\s*(?:(?:public|protected|private|static|final|abstract)\\s+)*"
            + "(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9_]*).*");
    private static final Set<String> NOT_METHODS = Set.of("return", "new", "throw", "if", "for", "while", "switch",
            "catch", "else", "case", "assert");

    private static boolean isTestClass(List<String> lines) {
        return lines.stream().anyMatch(l -> TEST_ANNOTATION.matcher(l).matches());
    }

    private void addTests(String path, List<String> lines) {
        String fileClass = path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
        for (int i = 0; i < lines.size(); i++) {
            Set<String> ids = RequirementIds.citedIn(lines.get(i));
            if (ids.isEmpty()) {
                continue;
            }
            String where = fileClass + methodAt(lines, i).map(m -> "#" + m).orElse("");
            for (String id : ids) {
                tests.computeIfAbsent(id, k -> new TreeSet<>()).add(where);
            }
        }
    }

    /** The method a line belongs to: the next declaration for annotations and comments, else the enclosing one. */
    private static java.util.Optional<String> methodAt(List<String> lines, int index) {
        String trimmed = lines.get(index).strip();
        boolean preamble = trimmed.startsWith("@") || trimmed.startsWith("*") || trimmed.startsWith("/*")
                || trimmed.startsWith("//");
        if (preamble) {
            for (int j = index + 1; j < lines.size() && j <= index + 30; j++) {
                String t = lines.get(j).strip();
                if (t.isEmpty() || t.startsWith("@") || t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")
                        || t.startsWith("\"") || t.startsWith("+") || t.startsWith(")")) {
                    continue;
                }
                if (TYPE.matcher(lines.get(j)).matches()) {
                    return java.util.Optional.empty();
                }
                java.util.Optional<String> m = method(lines.get(j));
                if (m.isPresent()) {
                    return m;
                }
                break;
            }
        }
        for (int j = index; j >= 0; j--) {
            if (TYPE.matcher(lines.get(j)).matches()) {
                return java.util.Optional.empty();
            }
            java.util.Optional<String> m = method(lines.get(j));
            if (m.isPresent()) {
                return m;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> method(String line) {
        Matcher m = METHOD.matcher(line);
        if (!m.matches() || !line.contains("(")) {
            return java.util.Optional.empty();
        }
        String firstWord = line.strip().split("[\\s(]", 2)[0];
        if (NOT_METHODS.contains(firstWord) || NOT_METHODS.contains(m.group(1))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(m.group(1));
    }

    // ---- scenarios ------------------------------------------------------------------------------------

    private static final Pattern SCENARIO = Pattern.compile("^\\s*(Scenario|Scenario Outline|Scenario Template|Example):\\s*(.*)$");
    private static final Pattern FEATURE = Pattern.compile("^\\s*Feature:.*");
    private static final Pattern RULE = Pattern.compile("^\\s*Rule:.*");
    private static final Pattern TAG = Pattern.compile("@(" + RequirementIds.ID + ")(?![A-Za-z0-9_])");

    private void addScenarios(String path, List<String> lines) {
        String name = path.startsWith("features/") ? path.substring("features/".length()) : path;
        Set<String> featureTags = new TreeSet<>();
        Set<String> ruleTags = new TreeSet<>();
        Set<String> pending = new TreeSet<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("@")) {
                Matcher m = TAG.matcher(t);
                while (m.find()) {
                    pending.add(m.group(1));
                }
                continue;
            }
            if (t.startsWith("#") || t.isEmpty()) {
                continue;
            }
            if (FEATURE.matcher(line).matches()) {
                featureTags.addAll(pending);
            } else if (RULE.matcher(line).matches()) {
                ruleTags.clear();
                ruleTags.addAll(pending);
            } else {
                Matcher s = SCENARIO.matcher(line);
                if (s.matches()) {
                    Set<String> all = new TreeSet<>(pending);
                    all.addAll(featureTags);
                    all.addAll(ruleTags);
                    for (String id : all) {
                        scenarios.computeIfAbsent(id, k -> new TreeSet<>()).add(name + ": " + s.group(2).strip());
                    }
                }
            }
            pending.clear();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static boolean included(Path relative) {
        for (Path part : relative) {
            String p = part.toString();
            if (p.startsWith(".") || SKIPPED_DIRECTORIES.contains(p)) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && TEXT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
