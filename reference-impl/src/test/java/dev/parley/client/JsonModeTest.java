package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.chat.Suite1;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat client adapter ({@code parley client --json}, spec/conformance.md section 18) against a real chat server
 * on loopback, with an in-memory messaging engine plugged in through the client's one {@link MessagingFactory}.
 */
class JsonModeTest {
    @TempDir
    Path dir;
    private TestChatServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new TestChatServer(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    private AdapterProcess start(String user, String password, MessagingFactory messaging) throws Exception {
        AdapterProcess p = new AdapterProcess(server.settings(user, password), messaging);
        open.add(p);
        return p;
    }

    @Test
    @DisplayName("[CF-CLI-1] [CF-CLI-2] [CF-CLI-3] [CF-CLI-4] [CF-CLI-5] [CF-CLI-6] [CF-CLI-7] two clients log in, list each other, exchange messages both ways, quit")
    void twoClientsListAndExchangeMessages() throws Exception {
        FakeMessaging hub = new FakeMessaging();
        AdapterProcess alice = start("Alice", "Alice", hub);
        AdapterProcess bob = start("Bob", "Bob", hub);

        assertThat(alice.awaitLine(l -> true, "first line")).matches("READY [0-9]{1,5}");
        JsonNode up = alice.awaitEvent("logged_in");
        assertThat(up.get("user").asText()).isEqualTo("Alice");
        assertThat(up.get("messaging").asBoolean()).isTrue();
        bob.awaitEvent("logged_in");

        JsonNode list = alice.request(1, "{\"id\":1,\"op\":\"list\"}");
        assertThat(list.get("ok").asBoolean()).isTrue();
        assertThat(list.at("/result/users")).extracting(JsonNode::asText).containsExactly("Alice", "Bob");

        JsonNode sent = alice.request(2, "{\"id\":2,\"op\":\"send\",\"to\":\"Bob\",\"text\":\"hello Bob\"}");
        assertThat(sent.at("/result/results/0/recipient").asText()).isEqualTo("Bob");
        assertThat(sent.at("/result/results/0/outcome").asText()).isEqualTo("DELIVERED");
        JsonNode got = bob.awaitEvent("message");
        assertThat(got.get("from").asText()).isEqualTo("Alice");
        assertThat(got.get("text").asText()).isEqualTo("hello Bob");

        JsonNode back = bob.request(1, "{\"id\":1,\"op\":\"send\",\"to\":[\"Alice\",\"Charlie\"],\"text\":\"hi \\u00e9\"}");
        assertThat(back.at("/result/results")).extracting(r -> r.get("recipient").asText() + "=" + r.get("outcome").asText())
                .containsExactly("Alice=DELIVERED", "Charlie=OFFLINE");
        assertThat(alice.awaitEvent("message").get("text").asText()).isEqualTo("hi \u00e9");

        JsonNode bobKey = alice.request(3, "{\"id\":3,\"op\":\"fingerprint\",\"user\":\"Bob\"}");
        assertThat(bobKey.at("/result/source").asText()).isEqualTo("pinned");
        JsonNode own = bob.request(2, "{\"id\":2,\"op\":\"fingerprint\"}");
        assertThat(own.at("/result/source").asText()).isEqualTo("own");
        assertThat(bobKey.at("/result/fingerprint").asText()).isEqualTo(own.at("/result/fingerprint").asText())
                .matches("[0-9a-f]{64}");
        JsonNode nobody = alice.request(4, "{\"id\":4,\"op\":\"fingerprint\",\"user\":\"Zed\"}");
        assertThat(nobody.at("/result/source").asText()).isEqualTo("none");
        assertThat(nobody.at("/result/fingerprint").isNull()).isTrue();

        JsonNode quit = alice.request(5, "{\"id\":5,\"op\":\"quit\"}");
        assertThat(quit.get("ok").asBoolean()).isTrue();
        assertThat(alice.awaitExit()).isZero();
        bob.endInput();
        assertThat(bob.awaitExit()).isZero();
    }

    @Test
    @DisplayName("[CF-CLI-2] [CH-ENV-4] a wrong password: READY, one error event with CH_WRONG_PASSWORD, ended, exit 1")
    void wrongPasswordIsOneErrorThenExit1() throws Exception {
        AdapterProcess eve = start("Alice", "not-her-password", new FakeMessaging());
        assertThat(eve.awaitLine(l -> true, "first line")).startsWith("READY ");
        JsonNode error = eve.awaitJson(n -> true, "second line");
        assertThat(error.get("event").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("CH_WRONG_PASSWORD");
        JsonNode ended = eve.awaitJson(n -> true, "third line");
        assertThat(ended.get("event").asText()).isEqualTo("ended");
        assertThat(ended.get("code").asText()).isEqualTo("CH_WRONG_PASSWORD");
        assertThat(eve.awaitExit()).isEqualTo(1);
    }

    @Test
    @DisplayName("[CF-CLI-4] without a messaging engine, send is UNSUPPORTED_OP, never ok; list still works")
    void withoutMessagingSendIsRefused() throws Exception {
        AdapterProcess alice = start("Alice", "Alice", MessagingFactory.UNAVAILABLE);
        assertThat(alice.awaitEvent("logged_in").get("messaging").asBoolean()).isFalse();
        JsonNode sent = alice.request(1, "{\"id\":1,\"op\":\"send\",\"to\":\"Bob\",\"text\":\"hello\"}");
        assertThat(sent.get("ok").asBoolean()).isFalse();
        assertThat(sent.at("/error/code").asText()).isEqualTo("UNSUPPORTED_OP");
        assertThat(sent.at("/error/message").asText()).contains("not available in this build");
        assertThat(alice.request(2, "{\"id\":2,\"op\":\"list\"}").at("/result/users/0").asText()).isEqualTo("Alice");
    }

    @Test
    @DisplayName("[CF-PROC-4] [CF-PROC-5] [CF-OP-3] [CF-CLI-4] [CF-CLI-9] bad requests get one error reply each and the client keeps serving")
    void badRequestsAreAnsweredAndTheClientKeepsRunning() throws Exception {
        AdapterProcess alice = start("Alice", "Alice", new FakeMessaging());
        alice.awaitEvent("logged_in");
        alice.write("this is not json");
        assertThat(alice.awaitJson(n -> n.has("id") && n.get("id").isNull(), "BAD_REQUEST").at("/error/code").asText())
                .isEqualTo("BAD_REQUEST");
        assertThat(alice.request(1, "{\"id\":1}").at("/error/code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(alice.request(2, "{\"id\":2,\"op\":\"frobnicate\"}").at("/error/code").asText()).isEqualTo("UNSUPPORTED_OP");
        assertThat(alice.request(3, "{\"id\":3,\"op\":\"send\",\"to\":\"Bob\"}").at("/error/code").asText()).isEqualTo("USAGE");
        assertThat(alice.request(4, "{\"id\":4,\"op\":\"send\",\"to\":[\"Bob\",\"Bob\"],\"text\":\"x\"}").at("/error/code").asText())
                .isEqualTo("USAGE");
        assertThat(alice.request(5, "{\"id\":5,\"op\":\"send\",\"to\":\"no such name!\",\"text\":\"x\"}").at("/error/code").asText())
                .isEqualTo("USAGE");
        assertThat(alice.request(6, "{\"id\":6,\"op\":\"send\",\"to\":\"Bob\",\"text\":\"\"}").at("/error/code").asText())
                .isEqualTo("USAGE");
        StringBuilder huge = new StringBuilder("{\"id\":7,\"op\":\"list\",\"pad\":\"");
        huge.append("x".repeat(JsonMode.MAX_LINE_CHARS)).append("\"}");
        alice.write(huge.toString());
        assertThat(alice.awaitJson(n -> n.has("id") && n.get("id").isNull(), "over-long line").at("/error/code").asText())
                .isEqualTo("BAD_REQUEST");
        assertThat(alice.request(8, "{\"id\":8,\"op\":\"list\"}").get("ok").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("[CF-CLI-7] [CF-CLI-4] a peer key other than the pinned one: KEY_CHANGED, nothing delivered, and a key_changed event")
    void keyChangeIsAnAlarm() throws Exception {
        FakeMessaging hub = new FakeMessaging();
        String planted = "00".repeat(32);
        hub.pins.put("Alice", new java.util.concurrent.ConcurrentHashMap<>(Map.of("Bob", planted)));
        AdapterProcess alice = start("Alice", "Alice", hub);
        AdapterProcess bob = start("Bob", "Bob", hub);
        alice.awaitEvent("logged_in");
        bob.awaitEvent("logged_in");
        JsonNode sent = alice.request(1, "{\"id\":1,\"op\":\"send\",\"to\":\"Bob\",\"text\":\"secret\"}");
        assertThat(sent.at("/result/results/0/outcome").asText()).isEqualTo("KEY_CHANGED");
        JsonNode alarm = alice.seenOrAwaitEvent("key_changed");
        assertThat(alarm.get("user").asText()).isEqualTo("Bob");
        assertThat(alarm.get("pinned").asText()).isEqualTo(planted);
        assertThat(alarm.get("presented").asText()).isNotEqualTo(planted);
        assertThat(bob.request(1, "{\"id\":1,\"op\":\"list\"}").get("ok").asBoolean()).isTrue();
        assertThat(bob.seen).noneMatch(l -> l.contains("\"event\":\"message\""));
    }

    @Test
    @DisplayName("[CF-CLI-8] a server that stops answering ends the session: ended CH_TIMEOUT after its heartbeat interval plus session timeout, exit 1")
    void serverGoneEndsTheSession() throws Exception {
        server.close();
        server = new TestChatServer(java.nio.file.Files.createDirectories(dir.resolve("quick")), dev.parley.chat.ChatServerConfig.defaults().withPresence(300, 1_000));
        AdapterProcess alice = start("Alice", "Alice", new FakeMessaging());
        alice.awaitEvent("logged_in");
        long goneAtNanos = System.nanoTime();
        server.close();
        server = new TestChatServer(java.nio.file.Files.createDirectories(dir.resolve("after"))); // for stop(); on another port
        JsonNode ended = alice.awaitEvent("ended");
        assertThat(ended.get("code").asText()).isEqualTo("CH_TIMEOUT");
        assertThat(alice.awaitExit()).isEqualTo(1);
        assertThat((System.nanoTime() - goneAtNanos) / 1_000_000).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    @DisplayName("[CF-CLI-8] [CH-PRES-4] a newer login of the same user ends the older session: ended CH_SESSION_REPLACED, exit 1")
    void replacedSessionEndsWithItsReason() throws Exception {
        AdapterProcess first = start("Alice", "Alice", new FakeMessaging());
        first.awaitEvent("logged_in");
        AdapterProcess second = start("Alice", "Alice", new FakeMessaging());
        second.awaitEvent("logged_in");
        JsonNode ended = first.awaitEvent("ended");
        assertThat(ended.get("code").asText()).isEqualTo("CH_SESSION_REPLACED");
        assertThat(first.awaitExit()).isEqualTo(1);
        assertThat(second.request(1, "{\"id\":1,\"op\":\"list\"}").at("/result/users")).extracting(JsonNode::asText)
                .containsExactly("Alice");
    }
}
