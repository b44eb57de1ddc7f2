package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley demo}'s chat part on a data directory as {@code parley init} leaves it. */
class ChatDemoTest {
    @TempDir
    Path dir;

    private String run(MessagingFactory messaging) throws Exception {
        TestChatServer.writeDataDirectory(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertThat(new ChatDemo(out, dir, messaging).run()).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[CH-PIN-2] [CH-REQ-2] Alice and Bob log in with the key pinned from the data directory, list each other and exchange messages both ways")
    void aliceAndBobListEachOtherAndExchangeMessages() throws Exception {
        String out = run(new FakeMessaging());
        assertThat(out).contains("Alice: logged in", "Bob: logged in", "Alice: list -> Alice, Bob", "Bob:   list -> Alice, Bob",
                "Bob sees  -> Alice: Hello Bob, this is Alice.", "Alice sees  -> delivered to Bob",
                "Alice sees  -> Bob: Hi Alice! Bob here; only you can read this.", "Bob sees  -> delivered to Alice",
                "Now by hand, in three terminals", "client -u Alice -sp 9000");
        assertThat(out).doesNotContain("not available in this build");
    }

    @Test
    @DisplayName("without a messaging engine the demo says so in one line and delivers nothing")
    void withoutMessagingTheDemoSaysSo() throws Exception {
        String out = run(MessagingFactory.UNAVAILABLE);
        assertThat(out).contains("Alice: list -> Alice, Bob",
                "messages: end-to-end messaging is not available in this build");
        assertThat(out).doesNotContain("delivered");
    }
}
