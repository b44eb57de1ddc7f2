package dev.parley.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * Renders the state machine of spec/state-machines/transport-connection.yaml as Markdown (a Mermaid
 * stateDiagram of the state-changing transitions, then the full transition table) and keeps it between the
 * markers in spec/transport.md, with the shared {@link StateDiagram}. {@link DiagramIsFreshTest} fails when the
 * committed block is stale and rewrites it when run with {@code -Dparley.regenerate=true} ({@link #REGENERATE}).
 */
public final class TransportDiagram {
    static final String MACHINE = "transport-connection";
    static final String BEGIN = "<!-- BEGIN GENERATED: transport-connection -->";
    static final String END = "<!-- END GENERATED -->";
    static final String REGENERATE = "mvn -o -q -pl ksy,reference-impl test -Dtest=DiagramIsFreshTest -Dparley.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false";
    static final StateDiagram DIAGRAM = new StateDiagram("transport.md", List.of(MACHINE), REGENERATE, m -> BEGIN,
            m -> END, "Self-transitions are omitted from the diagram; the table lists every row. Pairs not in the table "
                    + "follow the unlisted rule of the input's kind.\n\n");

    private TransportDiagram() {
    }

    static JsonNode loadMachine() throws IOException {
        return StateDiagram.load(MACHINE);
    }

    /** The generated block, markers included. */
    static String render(JsonNode machine) {
        return DIAGRAM.render(MACHINE, machine);
    }

    /** The chapter's text with the generated block replaced. */
    static String splice(String chapter, String block) {
        return DIAGRAM.splice(chapter, MACHINE, block);
    }

    public static void main(String[] args) throws IOException {
        DIAGRAM.write();
    }
}
