package dev.parley.speccheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The checker on made-up files: each kind of offence is found and named, and nothing else is. */
class RequirementsCheckTest {

    private static final List<String> CHAPTER = List.of(
            "# Layer",
            "",
            "- [TR-ABC-1] A sender MUST do one thing.",
            "- **[TR-ABC-2]** A receiver SHOULD do another,",
            "  and MUST NOT do a third.",
            "A sentence that cites [TR-ABC-1] and, wrapped,",
            "[TR-ABC-3] at the start of a line, which defines nothing.",
            "The first rule again [DG-XYZ-1].",
            "",
            "```",
            "- [TR-ABC-2] inside a code block defines nothing",
            "```",
            "",
            "## 9. Requirements index",
            "",
            "| id | binds | keyword | summary |",
            "|---|---|---|---|",
            "| DG-XYZ-1 | node | MUST | the first rule |",
            "| `TR-ABC-1` | node | MUST | also summarised here |");

    private static RepositoryScan scanOf(Object... pathsAndLines) {
        RepositoryScan scan = RepositoryScan.empty();
        for (int i = 0; i < pathsAndLines.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) pathsAndLines[i + 1];
            scan.add((String) pathsAndLines[i], lines);
        }
        return scan;
    }

    @Test
    @DisplayName("a list item starting with an id and a requirements-index row define it; wrapped text and code blocks do not")
    void findsDefinitionsInBothForms() {
        RepositoryScan scan = scanOf("spec/layer.md", CHAPTER);

        assertThat(scan.definitions()).containsOnlyKeys("TR-ABC-1", "TR-ABC-2", "DG-XYZ-1");
        assertThat(RequirementsCheck.levelOf(scan.definitions().get("TR-ABC-2"))).isEqualTo("MUST NOT, SHOULD");
        assertThat(RequirementsCheck.levelOf(scan.definitions().get("DG-XYZ-1"))).isEqualTo("MUST");
        assertThat(scan.definitions().get("TR-ABC-1")).hasSize(2);
    }

    @Test
    @DisplayName("a cited id that nothing defines is an offence naming where it is cited")
    void reportsUndefinedIds() {
        RepositoryScan scan = scanOf("spec/layer.md", CHAPTER,
                "src/test/java/x/SomeTest.java", List.of("class SomeTest {", "  @Test", "  // [TR-ABC-9]", "  void t() {}", "}"));

        List<String> offences = RequirementsCheck.offences(scan, Map.of());

        assertThat(offences).hasSize(2);
        assertThat(offences.get(0)).startsWith("TR-ABC-3 is cited but defined nowhere").contains("spec/layer.md:7");
        assertThat(offences.get(1)).startsWith("TR-ABC-9 is cited but defined nowhere").contains("src/test/java/x/SomeTest.java:3");
    }

    @Test
    @DisplayName("an id that starts two rules, has two index rows, or is defined in two chapters is an offence")
    void reportsDuplicates() {
        RepositoryScan scan = scanOf(
                "spec/a.md", List.of("- [TR-ABC-1] MUST one.", "- [TR-ABC-1] MUST two.", "- [TR-ABC-3] x",
                        "## Requirements index", "| id | keyword |", "|---|---|", "| TR-ABC-2 | MUST |", "| TR-ABC-2 | MUST |",
                        "[TR-ABC-2] is the rule."),
                "spec/b.md", List.of("- [TR-ABC-3] MUST three."));

        List<String> offences = RequirementsCheck.offences(scan, Map.of());

        assertThat(offences).containsExactly(
                "TR-ABC-1 starts 2 rules: [spec/a.md:1 (rule), spec/a.md:2 (rule)]; an id names one requirement"
                        + " (give the others new ids).",
                "TR-ABC-2 has 2 requirements-index rows: [spec/a.md:7 (index row), spec/a.md:8 (index row)]; keep one.",
                "TR-ABC-3 is defined in more than one chapter: [spec/a.md:3 (rule), spec/b.md:1 (rule)]; define it in one.");
    }

    @Test
    @DisplayName("an index row whose chapter never states the rule is an offence")
    void reportsIndexRowsWithoutRule() {
        RepositoryScan scan = scanOf("spec/a.md", List.of("## Requirements index", "| id | keyword |", "|---|---|",
                "| TR-ABC-1 | MUST |"));

        assertThat(RequirementsCheck.offences(scan, Map.of()))
                .containsExactly("TR-ABC-1 has an index row at spec/a.md:4 (index row) but its chapter's text never cites"
                        + " it: add the id to the rule it summarises.");
    }

    @Test
    @DisplayName("the allow-list silences a listed offence, and an entry that is no longer an offence must be removed")
    void allowListMustShrink() {
        RepositoryScan scan = scanOf("spec/layer.md", CHAPTER);

        assertThat(RequirementsCheck.offences(scan, Map.of("TR-ABC-3", "known"))).isEmpty();
        assertThat(RequirementsCheck.offences(scan, Map.of("TR-ABC-3", "known", "TR-ABC-1", "fixed", "TR-ZZZ-1", "gone")))
                .containsExactly(
                        "TR-ABC-1 is listed in spec-check/known-undefined-ids.txt but is no longer an offence (defined at"
                                + " [spec/layer.md:3 (rule), spec/layer.md:19 (index row)]): remove it from the allow-list.",
                        "TR-ZZZ-1 is listed in spec-check/known-undefined-ids.txt but is no longer an offence (cited"
                                + " nowhere): remove it from the allow-list.");
    }

    @Test
    @DisplayName("the generated index and its README are not citations, so they never define or keep an id alive")
    void generatedIndexIsIgnored() {
        RepositoryScan scan = scanOf("spec/requirements/layer.md", List.of("| TR-ABC-7 | MUST | — | — |"),
                RepositoryScan.ALLOW_LIST, List.of("TR-ABC-8 # reason"));

        assertThat(scan.citations()).isEmpty();
        assertThat(scan.definitions()).isEmpty();
    }

    @Test
    @DisplayName("tests are attributed to their method, scenarios to their name with feature-level tags")
    void attributesTestsAndScenarios() {
        RepositoryScan scan = scanOf("spec/layer.md", CHAPTER,
                "m/src/test/java/x/LayerTest.java", List.of(
                        "/** Checks the layer [TR-ABC-2]. */",
                        "class LayerTest {",
                        "    @Test",
                        "    @DisplayName(\"[TR-ABC-1] does one thing\")",
                        "    void doesOneThing() {",
                        "        assertThat(1).as(\"[DG-XYZ-1]\").isOne();",
                        "    }",
                        "}"),
                "m/src/test/java/x/Steps.java", List.of("class Steps {", "  // [TR-ABC-1] not a test class", "}"),
                "features/layer/a.feature", List.of(
                        "@TR-ABC-2",
                        "Feature: the layer",
                        "",
                        "  @TR-ABC-1 @requires-x",
                        "  Scenario: one thing",
                        "    Given nothing [DG-XYZ-1]",
                        "",
                        "  Scenario Outline: another <x>",
                        "    Examples:",
                        "      | x |"));

        assertThat(scan.testsOf("TR-ABC-1")).containsExactly("LayerTest#doesOneThing");
        assertThat(scan.testsOf("DG-XYZ-1")).containsExactly("LayerTest#doesOneThing");
        assertThat(scan.testsOf("TR-ABC-2")).containsExactly("LayerTest");
        assertThat(scan.scenariosOf("TR-ABC-1")).containsExactly("layer/a.feature: one thing");
        assertThat(scan.scenariosOf("TR-ABC-2")).containsExactly("layer/a.feature: another <x>", "layer/a.feature: one thing");
        assertThat(scan.scenariosOf("DG-XYZ-1")).isEmpty();
    }

    @Test
    @DisplayName("the index lists every defined id of a chapter with its level, and the MUST ids nothing covers")
    void rendersTheIndex() {
        RepositoryScan scan = scanOf("spec/layer.md", CHAPTER,
                "features/layer/a.feature", List.of("Feature: f", "  @TR-ABC-1", "  Scenario: s"));

        var files = RequirementsIndex.render(scan);

        assertThat(files).containsOnlyKeys("README.md", "layer.md");
        assertThat(files.get("layer.md"))
                .contains("| TR-ABC-1 | MUST | — | `layer/a.feature`: s |")
                .contains("| TR-ABC-2 | MUST NOT, SHOULD | — | — |")
                .contains("| DG-XYZ-1 | MUST | — | — |")
                .endsWith("## MUST requirements that no test or scenario cites\n\nTR-ABC-2, DG-XYZ-1\n");
        assertThat(files.get("README.md")).contains("| [layer.md](layer.md) | 3 | 3 | 0 | 0 | 2 |");
        assertThat(RequirementsIndex.uncoveredMust(scan)).containsExactly(Map.entry("spec/layer.md", List.of("TR-ABC-2", "DG-XYZ-1")));
    }
}
