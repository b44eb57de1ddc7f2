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

/**
 * Renders the state machine of spec/state-machines/transport-connection.yaml as Markdown (a Mermaid
 * stateDiagram of the state-changing transitions, then the full transition table) and keeps it between the
 * markers in spec/transport.md. {@link DiagramIsFreshTest} fails when the committed block is stale and
 * rewrites it when run with {@code -Dparley.regenerate=true} ({@link #REGENERATE}).
 */
public final class TransportDiagram {

    static final String BEGIN = "<!-- BEGIN GENERATED: transport-connection -->";
    static final String END = "<!-- END GENERATED -->";
    static final String REGENERATE = "mvn -o -q -pl ksy,reference-impl test -Dtest=DiagramIsFreshTest -Dparley.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false";

    private TransportDiagram() {
    }

    static JsonNode loadMachine() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(SpecFiles.spec("state-machines/transport-connection.yaml").toFile());
    }

    /** The generated block, markers included. */
    static String render(JsonNode machine) {
        StringBuilder out = new StringBuilder();
        out.append(BEGIN).append('\n');
        out.append("<!-- Generated from spec/state-machines/transport-connection.yaml; do not edit. Regenerate: ")
                .append(REGENERATE).append(" -->\n\n");
        out.append("```mermaid\nstateDiagram-v2\n");
        out.append("    [*] --> ").append(machine.get("initial").asText()).append('\n');
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (JsonNode t : machine.get("transitions")) {
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
        out.append("    CLOSED --> [*]\n```\n\n");
        out.append("Self-transitions are omitted from the diagram; the table lists every row. Pairs not in the table "
                + "follow the unlisted rule of the input's kind.\n\n");
        out.append("| from | input | guard | to | outputs | req |\n|---|---|---|---|---|---|\n");
        for (JsonNode t : machine.get("transitions")) {
            List<String> outputs = new ArrayList<>();
            t.get("outputs").forEach(o -> outputs.add(o.asText()));
            out.append("| ").append(t.get("from").asText()).append(" | ").append(t.get("input").asText()).append(" | ")
                    .append(t.has("guard") ? t.get("guard").asText() : "").append(" | ").append(t.get("to").asText())
                    .append(" | ").append(String.join(", ", outputs)).append(" | ").append(t.get("req").asText())
                    .append(" |\n");
        }
        out.append("\n| unlisted pair, input kind | to | outputs | req |\n|---|---|---|---|\n");
        machine.get("unlisted").fields().forEachRemaining(e -> {
            List<String> outputs = new ArrayList<>();
            e.getValue().get("outputs").forEach(o -> outputs.add(o.asText()));
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue().get("to").asText()).append(" | ")
                    .append(String.join(", ", outputs)).append(" | ").append(e.getValue().get("req").asText()).append(" |\n");
        });
        out.append(END);
        return out.toString();
    }

    /** The chapter's text with the generated block replaced. */
    static String splice(String chapter, String block) {
        int begin = chapter.indexOf(BEGIN);
        int end = chapter.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("spec/transport.md lacks the markers " + BEGIN + " / " + END);
        }
        return chapter.substring(0, begin) + block + chapter.substring(end + END.length());
    }

    public static void main(String[] args) throws IOException {
        Path chapter = SpecFiles.spec("transport.md");
        String text = Files.readString(chapter, StandardCharsets.UTF_8);
        Files.writeString(chapter, splice(text, render(loadMachine())), StandardCharsets.UTF_8);
    }
}
