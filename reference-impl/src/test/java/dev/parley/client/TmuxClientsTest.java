package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees: {@code parley init} in a temporary directory, a real {@code parley server} process, and two
 * interactive {@code parley client}s, each in its own pseudo-terminal (a tmux pane), driven by keystrokes
 * ({@code tmux send-keys}) and checked by reading the screen ({@code tmux capture-pane}). Needs tmux ({@code .ci/run}
 * installs it); without it the test is reported as skipped, never as passed.
 */
class TmuxClientsTest {
    private static final long SCREEN_TIMEOUT_MS = 60_000;
    private static final Pattern FINGERPRINT_LINE = Pattern.compile("(?m)^Bob [0-9a-f]{64} \\(as the server gives it; not pinned yet\\)$");

    @TempDir
    static Path dir;
    private static Path socket;
    private static Process server;
    private static int serverPort;

    @BeforeAll
    static void initAndStartServer() throws Exception {
        assumeTrue(onPath("tmux"), "tmux is not installed (.ci/run installs it)");
        Path data = dir.resolve("data");
        Process init = parley("init", "--data", data.toString(), "--kdf-memory", "8192", "--kdf-iterations", "1").start();
        init.getOutputStream().close();
        String initOut = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as(initOut).isZero();
        server = parley("server", "--data", data.toString(), "--difficulty", "10").start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).startsWith("READY ");
        serverPort = Integer.parseInt(ready.substring(6).trim());
        socket = dir.resolve("tmux.sock");
    }

    @AfterAll
    static void stop() throws Exception {
        if (socket != null) {
            tmux("kill-server");
        }
        if (server != null) {
            server.getOutputStream().close(); // end of input stops it
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("[CH-PIN-4] [CH-REQ-2] [CH-PRES-4] two people log in through real terminals, list each other, complete names with Tab, get one clear line for a bad command and for a replaced session")
    void twoPeopleLogInListAndComplete() throws Exception {
        startClient("alice", "Alice");
        startClient("bob", "Bob");
        logIn("alice", "Alice");
        logIn("bob", "Bob");

        keys("alice", "list", "Enter");
        awaitScreen("alice", s -> s.contains("online: Alice, Bob"), "the list naming both users");

        keys("alice", "fin", "Tab");
        awaitScreen("alice", s -> lastLine(s).equals("Alice> fingerprint"), "the command completed by Tab");
        keys("alice", "B", "Tab");
        awaitScreen("alice", s -> lastLine(s).equals("Alice> fingerprint Bob"), "Bob's name completed by Tab");
        keys("alice", "Enter");
        awaitScreen("alice", s -> FINGERPRINT_LINE.matcher(s).find(), "Bob's fingerprint");

        keys("bob", "frobnicate now", "Enter");
        String bob = awaitScreen("bob", s -> s.contains("unknown command 'frobnicate'; type help for the commands"),
                "one line naming the bad command");
        assertThat(bob).doesNotContain("Exception").doesNotContain("\tat ");

        if (!MessagingFactory.builtIn().available()) {
            keys("bob", "send Alice hi", "Enter");
            awaitScreen("bob", s -> s.contains("send: end-to-end messaging is not available in this build"),
                    "the clear line saying messaging is not in this build");
        }

        keys("alice", "quit", "Enter");
        awaitScreen("alice", s -> s.contains("bye"), "the goodbye");
        assertThat(awaitExitStatus("alice")).isEqualTo("0");
        keys("bob", "list", "Enter");
        awaitScreen("bob", s -> s.contains("online: Bob"), "Alice gone from the list");

        // Bob logs in again elsewhere while typing here: the old shell says why it ends, above the draft, and exits 1.
        keys("bob", "a draft");
        startClient("bob2", "Bob");
        logIn("bob2", "Bob");
        String replaced = awaitScreen("bob", s -> s.contains("the session was replaced by a newer login of the same user"),
                "the line saying the session was replaced");
        assertThat(replaced).contains("Bob> a draft").doesNotContain("Exception");
        assertThat(awaitExitStatus("bob")).isEqualTo("1");
        keys("bob2", "C-d");
        assertThat(awaitExitStatus("bob2")).isEqualTo("0");
    }

    @Test
    @DisplayName("[CF-CLI-7] messages both ways with receipts, printed above the line being typed without disturbing it")
    void messagesArriveAboveTheLineBeingTyped() throws Exception {
        assumeTrue(MessagingFactory.builtIn().available(),
                "end-to-end messaging is not plugged into MessagingFactory.builtIn() in this build (PeerNode)");
        startClient("charlie", "Charlie");
        startClient("eve", "Eve");
        logIn("charlie", "Charlie");
        logIn("eve", "Eve");
        keys("eve", "a draft Eve is typing");
        keys("charlie", "send Eve hello from Charlie", "Enter");
        awaitScreen("charlie", s -> s.contains("delivered to Eve"), "the delivery receipt");
        String eve = awaitScreen("eve", s -> s.contains("Charlie: hello from Charlie"), "the message");
        assertThat(lastLine(eve)).isEqualTo("Eve> a draft Eve is typing");
        keys("eve", "C-u", "send Charlie hi Charlie", "Enter");
        awaitScreen("eve", s -> s.contains("delivered to Charlie"), "the receipt");
        awaitScreen("charlie", s -> s.contains("Eve: hi Charlie"), "the reply");
        keys("charlie", "send Eve,Alice both of you", "Enter");
        awaitScreen("charlie", s -> s.contains("not delivered: Alice is not online"), "the offline recipient's line");
        awaitScreen("eve", s -> s.contains("Charlie: both of you"), "the message to several");
    }

    // ------------------------------------------------------------------ helpers

    private static void startClient(String pane, String user) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("new-session", "-d", "-s", pane, "-x", "120", "-y", "30"));
        // The client keeps its pins under ./parley-data: run it in this test's directory, never in the source tree.
        Path home = dir.resolve("home-" + pane);
        Files.createDirectories(home);
        cmd.addAll(List.of("-c", home.toString()));
        StringBuilder shell = new StringBuilder();
        for (String arg : javaCommand("client", "-u", user, "-sp", Integer.toString(serverPort), "--server-key",
                dir.resolve("data").resolve("server-pub.pem").toString())) {
            shell.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        // The shell stays after the client to show its exit status on the screen.
        shell.append("; echo \"[client exited with status $?]\"; exec sleep 600");
        cmd.add(shell.toString());
        tmux(cmd.toArray(String[]::new));
    }

    private static void logIn(String pane, String user) throws Exception {
        awaitScreen(pane, s -> s.contains("Password for " + user + ":"), "the password prompt");
        keys(pane, user, "Enter");
        String screen = awaitScreen(pane, s -> s.contains("logged in as " + user) && lastLine(s).equals(user + ">"),
                "the login and the prompt");
        assertThat(screen).as("the password is not echoed").doesNotContain("Password for " + user + ": " + user);
    }

    private static String lastLine(String screen) {
        String[] lines = screen.strip().split("\n");
        return lines[lines.length - 1].stripTrailing();
    }

    private static void keys(String pane, String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", pane));
        cmd.addAll(Arrays.asList(keys));
        tmux(cmd.toArray(String[]::new));
    }

    /** Reads the pane until {@code test} holds, within a bound; the screen that satisfied it. */
    private static String awaitScreen(String pane, Predicate<String> test, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SCREEN_TIMEOUT_MS);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-t", pane);
            if (test.test(screen)) {
                return screen;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling interval of a bounded wait on the screen, not a wait for an event
        }
        fail("the " + pane + " screen never showed " + what + " within " + SCREEN_TIMEOUT_MS + " ms; it shows:\n" + screen);
        return screen;
    }

    /** Waits until the pane's client has exited; its exit status as the pane's shell printed it. */
    private static String awaitExitStatus(String pane) throws Exception {
        String screen = awaitScreen(pane, s -> s.contains("[client exited with status "), "the client's exit");
        int at = screen.indexOf("[client exited with status ") + "[client exited with status ".length();
        return screen.substring(at, screen.indexOf(']', at));
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tmux " + String.join(" ", args) + " did not finish");
        }
        return out;
    }

    private static List<String> javaCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.parley.cli.Parley"));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private static ProcessBuilder parley(String... args) {
        return new ProcessBuilder(javaCommand(args)).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
