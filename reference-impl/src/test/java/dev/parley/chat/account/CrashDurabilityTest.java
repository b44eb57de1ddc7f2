package dev.parley.chat.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [AC-STORE-3] kill -9 during writes loses nothing acknowledged: a child JVM adds accounts as fast as it
 * can and prints each name once {@code add} has returned; the test kills it with SIGKILL in the middle
 * of the stream, reopens the database and finds every printed name.
 */
class CrashDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 150;

    @TempDir
    Path tmp;

    @Test
    @DisplayName("[AC-STORE-3] a writer killed with SIGKILL mid-stream loses no acknowledged account")
    void killedWriterLosesNothingAcknowledged() throws Exception {
        Path db = tmp.resolve("accounts.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            assertThat(acknowledged).as("the writer acknowledged accounts before dying").hasSize(ACKS_BEFORE_KILL);
            // kill -9 (Process.destroyForcibly would also close our end of the pipe): no shutdown hooks,
            // no close, no final flush
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).inheritIO().start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // the acknowledgements already in the pipe count too
            while ((line = out.readLine()) != null) {
                if (line.startsWith("w")) {
                    acknowledged.add(line);
                }
            }
        }
        assertThat(child.exitValue()).as("killed by a signal").isEqualTo(128 + 9);
        try (SqliteAccountStore store = SqliteAccountStore.open(db)) {
            List<String> stored = store.usernames();
            assertThat(stored).containsAll(acknowledged);
            for (String name : acknowledged.subList(0, 10)) {
                assertThat(store.find(name)).isPresent();
            }
        }
    }

    /** The child: adds accounts w0, w1, ... forever, printing each name after {@code add} returns. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            SecureRandom random = new SecureRandom();
            AccountStore store = SqliteAccountStore.open(Path.of(args[0]));
            for (int i = 0; ; i++) {
                String name = "w" + i;
                store.add(TestKeys.dummy(name, random));
                System.out.println(name); // the acknowledgement: only after add returned
                System.out.flush();
            }
        }
    }
}
