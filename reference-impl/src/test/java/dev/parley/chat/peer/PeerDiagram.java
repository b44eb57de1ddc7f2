package dev.parley.chat.peer;

import dev.parley.transport.SpecFiles;
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

/**
 * Renders spec/state-machines/peer-messaging.yaml as Markdown (a Mermaid stateDiagram of
 * the state-changing rows, then the full table) between the markers in spec/messaging.md [PM-SM-1].
 * {@link PeerDiagramIsFreshTest} fails when the committed blocks are stale and rewrites them with
 * {@code -Dparley.regenerate=true}.
 */
final class PeerDiagram {
    static final List<String> MACHINES = List.of("peer-messaging");
    static final String REGENERATE = "mvn -o -q -pl ksy,reference-impl test -Dtest=PeerDiagramIsFreshTest -Dparley.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false";

    private PeerDiagram() {
    }

    static String begin(String machine) {
        return "<!-- BEGIN GENERATED " + machine + " -->";
    }

    static String end(String machine) {
        return "<!-- END GENERATED " + machine + " -->";
    }

    static JsonNode load(String machine) throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(SpecFiles.spec("state-machines/" + machine + ".yaml").toFile());
    }

    static String render(String machine, JsonNode m) {
        StringBuilder out = new StringBuilder();
        out.append(begin(machine)).append('\n');
        out.append("<!-- Generated from spec/state-machines/").append(machine).append(".yaml; do not edit. Regenerate: ")
                .append(REGENERATE).append(" -->\n\n");
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
        out.append(end(machine));
        return out.toString();
    }

    static String splice(String chapter, String machine, String block) {
        int b = chapter.indexOf(begin(machine));
        int e = chapter.indexOf(end(machine));
        if (b < 0 || e < b) {
            throw new IllegalStateException("markers for " + machine + " missing in spec/messaging.md");
        }
        return chapter.substring(0, b) + block + chapter.substring(e + end(machine).length());
    }

    static String regenerated(String chapter) throws IOException {
        String text = chapter;
        for (String machine : MACHINES) {
            text = splice(text, machine, render(machine, load(machine)));
        }
        return text;
    }

    public static void main(String[] args) throws IOException {
        Path chapter = SpecFiles.spec("messaging.md");
        String text = Files.readString(chapter, StandardCharsets.UTF_8);
        Files.writeString(chapter, regenerated(text), StandardCharsets.UTF_8);
    }
}
