package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The diagram and table in spec/transport.md are the ones generated from the YAML [TR-SM-1]. */
class DiagramIsFreshTest {

    @Test
    @DisplayName("[TR-SM-1] the generated state machine section of spec/transport.md is up to date")
    void generatedSectionIsFresh() throws Exception {
        if (Boolean.getBoolean("parley.regenerate")) {
            TransportDiagram.main(new String[0]);
        }
        Path chapter = SpecFiles.spec("transport.md");
        String text = Files.readString(chapter, StandardCharsets.UTF_8);
        String expected = TransportDiagram.splice(text, TransportDiagram.render(TransportDiagram.loadMachine()));
        assertThat(text).as("spec/transport.md is stale; regenerate with: " + TransportDiagram.REGENERATE)
                .isEqualTo(expected);
    }
}
