package dev.parley.speccheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;

/** Every file of spec/vectors/ has the members and meanings of spec/conventions.md section 6. */
class VectorFilesFollowConventionsTest {

    private static final Pattern ALGORITHM = Pattern.compile("parley-[a-z]+(-[a-z0-9]+)*-v[1-9][0-9]*");
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2})*");
    private static final Pattern CODE = Pattern.compile("[A-Z]+(_[A-Z0-9]+)+");
    private static final Pattern CITED_ID = Pattern.compile("\\[" + RequirementIds.ID + "\\]");

    static Stream<Path> vectorFiles() throws IOException {
        try (Stream<Path> files = Files.list(Repository.root().resolve("spec/vectors"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorFiles")
    @DisplayName("a vector file has algorithm, generatorVersion, numberOfTests, header, notes citing ids, and well-formed groups and tests")
    void followsTheConventions(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        String registries = Files.readString(Repository.root().resolve("spec/registries.md"), StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();

        if (!ALGORITHM.matcher(root.path("algorithm").asText()).matches()) {
            problems.add("algorithm is not parley-<layer>-v<version>: " + root.path("algorithm"));
        }
        if (!root.path("generatorVersion").isTextual() || root.path("generatorVersion").asText().isEmpty()) {
            problems.add("generatorVersion is not a non-empty string");
        }
        if (!root.path("header").isArray() || root.path("header").isEmpty()) {
            problems.add("header is not a non-empty list of lines");
        }
        JsonNode notes = root.path("notes");
        notes.fields().forEachRemaining(n -> {
            if (!CITED_ID.matcher(n.getValue().asText()).find()) {
                problems.add("note " + n.getKey() + " names no requirement id in brackets");
            }
        });
        Set<Integer> tcIds = new HashSet<>();
        int count = 0;
        for (JsonNode group : root.path("testGroups")) {
            String type = group.path("type").asText();
            if (type.isEmpty() || !group.path("source").isTextual() || !group.path("tests").isArray()) {
                problems.add("group " + type + " lacks type, source or tests");
            }
            for (JsonNode t : group.path("tests")) {
                count++;
                String where = "tcId " + t.path("tcId") + " (" + type + "): ";
                if (!t.path("tcId").isInt() || !tcIds.add(t.path("tcId").asInt())) {
                    problems.add(where + "tcId missing, not an integer, or repeated");
                }
                if (!t.path("comment").isTextual() || !HEX.matcher(t.path("input").asText("x")).matches()) {
                    problems.add(where + "comment missing, or input not lower-case hex");
                }
                String result = t.path("result").asText();
                if (result.equals("valid")) {
                    if (!t.has("expected") && !t.has("reply")) {
                        problems.add(where + "valid without expected or reply");
                    }
                } else if (result.equals("invalid")) {
                    String error = t.path("error").asText();
                    if (!CODE.matcher(error).matches() || !registries.contains("`" + error + "`")) {
                        problems.add(where + "error " + error + " is not a canonical code of spec/registries.md");
                    }
                } else {
                    problems.add(where + "result is neither valid nor invalid: " + result);
                }
                if (t.has("reply") && !t.get("reply").isNull() && !HEX.matcher(t.get("reply").asText("x")).matches()) {
                    problems.add(where + "reply is neither null nor lower-case hex");
                }
                for (JsonNode flag : t.path("flags")) {
                    if (!notes.has(flag.asText())) {
                        problems.add(where + "flag " + flag.asText() + " has no note");
                    }
                }
            }
        }
        if (root.path("numberOfTests").asInt(-1) != count) {
            problems.add("numberOfTests is " + root.path("numberOfTests") + ", the groups hold " + count);
        }

        assertThat(problems).as(file.getFileName() + " against spec/conventions.md §6").isEmpty();
    }
}
