package dev.parley.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one renderer of the state machine YAML files under spec/state-machines/: each machine becomes a Markdown
 * block (a Mermaid stateDiagram of the state-changing rows, then the full transition table and the unlisted
 * rules) kept between a pair of markers in its chapter. Each layer configures one instance (chapter, markers,
 * regenerate command) and a *DiagramIsFreshTest compares the chapter with {@link #regenerated(String)}.
 */
public final class StateDiagram {
    private final String chapter;
    private final List<String> machines;
    private final String regenerate;
    private final Function<String, String> begin;
    private final Function<String, String> end;
    private final String note;

    /**
     * @param chapter    the chapter file under spec/, e.g. "chat.md"
     * @param machines   the machine names (spec/state-machines/NAME.yaml) whose blocks the chapter holds
     * @param regenerate the command printed in each block and in stale-test failures
     * @param begin      the begin marker of a machine's block
     * @param end        the end marker of a machine's block
     * @param note       Markdown paragraph placed between the diagram and the table ("" for none)
     */
    public StateDiagram(String chapter, List<String> machines, String regenerate, Function<String, String> begin,
            Function<String, String> end, String note) {
        this.chapter = chapter;
        this.machines = List.copyOf(machines);
        this.regenerate = regenerate;
        this.begin = begin;
        this.end = end;
        this.note = note;
    }

    /** Markers "BEGIN GENERATED name" / "END GENERATED name", no note: the form of the chat and messaging chapters. */
    public static StateDiagram perMachineMarkers(String chapter, List<String> machines, String regenerate) {
        return new StateDiagram(chapter, machines, regenerate, m -> "<!-- BEGIN GENERATED " + m + " -->",
                m -> "<!-- END GENERATED " + m + " -->", "");
    }

    public String regenerate() {
        return regenerate;
    }

    public List<String> machines() {
        return machines;
    }

    public static JsonNode load(String machine) throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(SpecFiles.spec("state-machines/" + machine + ".yaml").toFile());
    }

    /** The generated block of one machine, markers included. */
    public String render(String machine, JsonNode m) {
        StringBuilder out = new StringBuilder();
        out.append(begin.apply(machine)).append('\n');
        out.append("<!-- Generated from spec/state-machines/").append(machine).append(".yaml; do not edit. Regenerate: ")
                .append(regenerate).append(" -->\n\n");
        out.append("```mermaid\nstateDiagram-v2\n");
        out.append("    [*] --> ").append(m.get("initial").asText()).append('\n');
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (JsonNode t : m.get("transitions")) {
            String from = t.get("from").asText();
            String to = t.get("to").asText();
            if (from.equals(to)) {
                continue;
            }
            String label = t.get("input").asText() + (t.has("guard") ? " [" + t.get("guard").asText() + "]" : "");
            edges.computeIfAbsent(from + " --> " + to, k -> new ArrayList<>()).add(label);
        }
        edges.forEach((edge, labels) -> out.append("    ").append(edge).append(" : ")
                .append(String.join(", ", labels)).append('\n'));
        out.append("    ").append(m.get("final").asText()).append(" --> [*]\n```\n\n");
        out.append(note);
        out.append("| from | input | guard | to | outputs | req |\n|---|---|---|---|---|---|\n");
        for (JsonNode t : m.get("transitions")) {
            List<String> outputs = new ArrayList<>();
            t.get("outputs").forEach(o -> outputs.add(o.asText()));
            out.append("| ").append(t.get("from").asText()).append(" | ").append(t.get("input").asText()).append(" | ")
                    .append(t.has("guard") ? t.get("guard").asText() : "").append(" | ").append(t.get("to").asText())
                    .append(" | ").append(String.join(", ", outputs)).append(" | ").append(t.get("req").asText())
                    .append(" |\n");
        }
        out.append("\n| unlisted pair, input kind | to | outputs | req |\n|---|---|---|---|\n");
        m.get("unlisted").fields().forEachRemaining(e -> {
            List<String> outputs = new ArrayList<>();
            e.getValue().get("outputs").forEach(o -> outputs.add(o.asText()));
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue().get("to").asText()).append(" | ")
                    .append(String.join(", ", outputs)).append(" | ").append(e.getValue().get("req").asText()).append(" |\n");
        });
        out.append(end.apply(machine));
        return out.toString();
    }

    /** The chapter's text with one machine's block replaced; fails when the markers are missing or out of order. */
    public String splice(String text, String machine, String block) {
        String b = begin.apply(machine);
        String e = end.apply(machine);
        int bi = text.indexOf(b);
        int ei = text.indexOf(e);
        if (bi < 0 || ei < bi) {
            throw new IllegalStateException("spec/" + chapter + " lacks the markers " + b + " / " + e);
        }
        return text.substring(0, bi) + block + text.substring(ei + e.length());
    }

    /** The chapter's text with every machine's block regenerated from its YAML. */
    public String regenerated(String text) throws IOException {
        String out = text;
        for (String machine : machines) {
            out = splice(out, machine, render(machine, load(machine)));
        }
        return out;
    }

    public Path chapterPath() {
        return SpecFiles.spec(chapter);
    }

    /** Rewrites the chapter file with fresh blocks. */
    public void write() throws IOException {
        Path path = chapterPath();
        Files.writeString(path, regenerated(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
