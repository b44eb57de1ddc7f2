package dev.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.transport.StateDiagram;
import java.io.IOException;
import java.util.List;

/**
 * Renders spec/state-machines/login-client.yaml and login-server.yaml as Markdown (a Mermaid stateDiagram of
 * the state-changing rows, then the full table) between the markers in spec/chat.md [CH-SM-1], with the shared
 * {@link StateDiagram}. {@link ChatDiagramIsFreshTest} fails when the committed blocks are stale and rewrites
 * them with {@code -Dparley.regenerate=true}.
 */
final class ChatDiagram {
    static final List<String> MACHINES = List.of("login-client", "login-server");
    static final String REGENERATE = "mvn -o -q -pl ksy,reference-impl test -Dtest=ChatDiagramIsFreshTest -Dparley.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false";
    static final StateDiagram DIAGRAM = StateDiagram.perMachineMarkers("chat.md", MACHINES, REGENERATE);

    private ChatDiagram() {
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
