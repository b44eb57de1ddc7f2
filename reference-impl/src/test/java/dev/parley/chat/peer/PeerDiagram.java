package dev.parley.chat.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.transport.StateDiagram;
import java.io.IOException;
import java.util.List;

/**
 * Renders spec/state-machines/peer-messaging.yaml as Markdown (a Mermaid stateDiagram of the state-changing
 * rows, then the full table) between the markers in spec/messaging.md [PM-SM-1], with the shared
 * {@link StateDiagram}. {@link PeerDiagramIsFreshTest} fails when the committed blocks are stale and rewrites
 * them with {@code -Dparley.regenerate=true}.
 */
final class PeerDiagram {
    static final List<String> MACHINES = List.of("peer-messaging");
    static final String REGENERATE = "mvn -o -q -pl ksy,reference-impl test -Dtest=PeerDiagramIsFreshTest -Dparley.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false";
    static final StateDiagram DIAGRAM = StateDiagram.perMachineMarkers("messaging.md", MACHINES, REGENERATE);

    private PeerDiagram() {
    }

    static JsonNode load(String machine) throws IOException {
        return StateDiagram.load(machine);
    }

    static String regenerated(String chapter) throws IOException {
        return DIAGRAM.regenerated(chapter);
    }

    public static void main(String[] args) throws IOException {
        DIAGRAM.write();
    }
}
