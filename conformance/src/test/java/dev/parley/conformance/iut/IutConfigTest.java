package dev.parley.conformance.iut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("IutConfig: the adapter config file [CF-CFG-1] and command templates [CF-CMD-1] [CF-CMD-2]")
class IutConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsTheReferenceConfig() {
        IutConfig config = IutConfig.load(repositoryRoot().resolve("conformance/iut/reference.yaml"));

        assertThat(config.name()).isEqualTo("parley-reference");
        assertThat(config.capabilities()).containsExactlyInAnyOrder("datagram.echo", "datagram.unreachable",
                "datagram.stats", "transport.listen", "transport.connect", "framing.messages", "chat.accounts",
                "chat.server", "chat.client");
        assertThat(config.timingScale()).isEqualTo(1.0);
        assertThat(config.unknownCapabilities()).isEmpty();
        assertThat(config.command("node", Map.of("root", "/r", "workdir", "/w", "max_packet", "1200",
                "max_message", "65536", "max_memory", "4194304", "time_scale", "0.05")))
                .containsExactly("java", "-Xmx256m", "-XX:SharedArchiveFile=/r/reference-impl/target/parley.jsa",
                        "-Xlog:disable", "-Xlog:all=warning:stderr",
                        "-jar", "/r/reference-impl/target/parley.jar", "node", "--bind",
                        "127.0.0.1:0", "--max-packet", "1200", "--max-message", "65536", "--max-memory", "4194304",
                        "--time-scale", "0.05");
        // [CF-CHAT-2] the password goes to stdin, never into the command line
        assertThat(config.command("user_add", Map.of("root", "/r", "workdir", "/w", "data", "/w/data-one", "user", "Dave")))
                .containsExactly("java", "-XX:SharedArchiveFile=/r/reference-impl/target/parley.jsa", "-Xlog:disable",
                        "-Xlog:all=warning:stderr", "-jar", "/r/reference-impl/target/parley.jar", "user", "add", "Dave",
                        "--password-stdin", "--data", "/w/data-one");
    }

    @Test
    void defaultsOptionalKeysAndScalesTimeouts() throws IOException {
        IutConfig config = IutConfig.load(write("name: x\ncommands:\n  node: \"run {workdir}\"\ntiming_scale: 2.5\n"));

        assertThat(config.capabilities()).isEmpty();
        assertThat(config.disabled()).isEmpty();
        assertThat(config.scaled(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.declares("datagram.echo")).isFalse();
    }

    @Test
    void substitutesBeforeSplittingAndRefusesPathsWithWhitespace() throws IOException {
        IutConfig config = IutConfig.load(write("name: x\ncommands:\n  node: \"  run   --dir={workdir}  {max_packet}\"\n"));

        assertThat(config.command("node", Map.of("root", "/r", "workdir", "/w", "max_packet", "64")))
                .containsExactly("run", "--dir=/w", "64");
        assertThatThrownBy(() -> config.command("node", Map.of("root", "/r", "workdir", "/my dir", "max_packet", "64")))
                .hasMessageContaining("CF-CMD-2");
        assertThatThrownBy(() -> config.command("server", Map.of())).hasMessageContaining("no 'server' command");
    }

    @Test
    void rejectsEveryMistakeTheContractNames() throws IOException {
        assertRejected("name: x\ncommands:\n  node: run\ncapabilitys: []\n", "capabilitys");
        assertRejected("commands:\n  node: run\n", "'name' is required");
        assertRejected("name: x\n", "'commands'");
        assertRejected("name: x\ncommands:\n  node: run\ntiming_scale: 0\n", "timing_scale");
        assertRejected("name: x\ncommands:\n  node: run\ntiming_scale: -1\n", "timing_scale");
        assertRejected("name: x\ncommands:\n  node: \"run {nope}\"\n", "{nope}");
        assertRejected("name: x\ncommands:\n  node: run\ncapabilities: datagram.echo\n", "capabilities");
        assertRejected("name: x\ncommands:\n  node: run\ndisabled:\n  - { scenario: a }\n", "reason");
    }

    @Test
    void findsTheReasonForADisabledScenario() throws IOException {
        IutConfig config = IutConfig.load(write(
                "name: x\ncommands:\n  node: run\ndisabled:\n  - { scenario: \"Echo\", reason: \"not yet\" }\n"));

        assertThat(config.disabledReason("Echo")).contains("not yet");
        assertThat(config.disabledReason("Other")).isEmpty();
    }

    private void assertRejected(String yaml, String mentioning) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> IutConfig.load(file)).as(yaml).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mentioning);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "iut", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Path repositoryRoot() {
        String property = System.getProperty("parley.root", "").strip();
        return property.isEmpty() ? Path.of("..").toAbsolutePath().normalize() : Path.of(property).toAbsolutePath().normalize();
    }
}
