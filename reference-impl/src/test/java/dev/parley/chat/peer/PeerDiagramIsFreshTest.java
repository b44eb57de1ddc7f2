package dev.parley.chat.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.transport.SpecFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PeerDiagramIsFreshTest {
    @Test
    @DisplayName("[PM-SM-1] the generated state machine block of spec/messaging.md is up to date")
    void generatedBlockIsFresh() throws Exception {
        if (Boolean.getBoolean("parley.regenerate")) {
            PeerDiagram.main(new String[0]);
        }
        String text = Files.readString(SpecFiles.spec("messaging.md"), StandardCharsets.UTF_8);
        assertThat(text).as("spec/messaging.md is stale; regenerate with: " + PeerDiagram.REGENERATE)
                .isEqualTo(PeerDiagram.regenerated(text));
    }
}
