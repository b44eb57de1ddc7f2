package dev.parley.chat;

import dev.parley.transport.SpecFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChatDiagramIsFreshTest {
    @Test
    @DisplayName("[CH-SM-1] the generated state machine blocks of spec/chat.md are up to date")
    void generatedBlocksAreFresh() throws Exception {
        if (Boolean.getBoolean("parley.regenerate")) {
            ChatDiagram.main(new String[0]);
        }
        String text = Files.readString(SpecFiles.spec("chat.md"), StandardCharsets.UTF_8);
        assertThat(text).as("spec/chat.md is stale; regenerate with: " + ChatDiagram.REGENERATE)
                .isEqualTo(ChatDiagram.regenerated(text));
    }
}
