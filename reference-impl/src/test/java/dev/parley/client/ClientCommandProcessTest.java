package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley client} as its own process: command lines, pinning defaults, and how a failed login reads. */
class ClientCommandProcessTest {
    @TempDir
    Path dir;
    private TestChatServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestChatServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Run(int status, String out, String err) {
    }

    private Run parley(Path cwd, String stdin, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.parley.cli.Parley"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("parley " + String.join(" ", args) + " did not exit within 120 s");
        }
        return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String port() {
        return Integer.toString(server.address().getPort());
    }

    @Test
    @DisplayName("[CF-EXIT-1] a bad command line prints what is wrong and the usage, exit status 2")
    void badCommandLinesAreUsageErrors() throws Exception {
        String fp = TestChatServer.serverFingerprint();
        List<List<String>> bad = List.of(
                List.of("client", "-sp", port(), "--server-fingerprint", fp),                      // no user
                List.of("client", "-u", "Alice", "--server-fingerprint", fp),                       // no port
                List.of("client", "-u", "Alice", "-sp", port(), "--server-fingerprint", "abc"),      // short fingerprint
                List.of("client", "-u", "Alice", "-sp", port(), "--server-fingerprint", fp, "--server-key", "k.pem"),
                List.of("client", "-u", "Alice", "-sp", port(), "--server-fingerprint", fp, "-p", "x", "--password-stdin"),
                List.of("client", "-u", "Alice", "-sp", "70000", "--server-fingerprint", fp),
                List.of("client", "-u", "Alice", "-sp", port(), "--server-fingerprint", fp, "--frobnicate"));
        for (List<String> args : bad) {
            Run r = parley(dir, "", args.toArray(String[]::new));
            assertThat(r.status()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("parley: ").contains("Usage: parley client")
                    .doesNotContain("Exception");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    @DisplayName("[CH-PIN-4] with no key given and no parley-data/server-pub.pem, the client refuses to connect and names both options")
    void noPinNoConnection() throws Exception {
        Run r = parley(dir, "Alice\n", "client", "-u", "Alice", "-sp", port(), "--password-stdin", "--json");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no server key to pin").contains("--server-key").contains("--server-fingerprint");
        assertThat(r.out()).isEmpty();
    }

    @Test
    @DisplayName("[CH-PIN-4] [CF-CLI-1] [CF-CLI-6] by default the key file parley init wrote is pinned; the password comes from stdin; quit exits 0")
    void defaultKeyFileIsPinned() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        TestChatServer.writeDataDirectory(work.resolve("parley-data"));
        Run r = parley(work, "Alice\n{\"id\":1,\"op\":\"list\"}\n{\"id\":2,\"op\":\"quit\"}\n",
                "client", "-u", "Alice", "-sp", port(), "--password-stdin", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).matches("READY [0-9]+");
        assertThat(lines[1]).contains("\"event\":\"logged_in\"");
        assertThat(r.out()).contains("{\"id\":1,\"ok\":true,\"result\":{\"users\":[\"Alice\"]}}")
                .contains("{\"id\":2,\"ok\":true,\"result\":{}}");
    }

    @Test
    @DisplayName("[CH-ENV-4] [CH-PIN-2] a wrong password and a wrong pinned key are each one clear line and exit status 1")
    void failedLoginsAreOneLine() throws Exception {
        Run wrong = parley(dir, "not-the-password\n", "client", "-u", "Alice", "-sp", port(), "--password-stdin",
                "--server-fingerprint", TestChatServer.serverFingerprint());
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.out().strip().split("\n")).containsExactly("connecting to 127.0.0.1:" + port() + " as Alice ...",
                "login failed: wrong username or password");
        Run impostor = parley(dir, "Alice\n", "client", "-u", "Alice", "-sp", port(), "--password-stdin",
                "--server-fingerprint", "ab".repeat(32));
        assertThat(impostor.status()).isEqualTo(1);
        assertThat(impostor.out()).contains("does not hold the pinned server key (CH_SERVER_KEY_MISMATCH)")
                .doesNotContain("Exception");
    }
}
