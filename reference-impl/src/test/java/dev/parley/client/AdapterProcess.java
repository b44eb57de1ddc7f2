package dev.parley.client;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code parley client --json} run inside the test's JVM: a {@link ChatClient} and its {@link JsonMode} with a
 * pipe for standard input and every line of standard output collected, awaited with a bound.
 */
final class AdapterProcess implements AutoCloseable {
    static final long AWAIT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipedOutputStream stdin = new PipedOutputStream();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line so far, in order. */
    final List<String> seen = new ArrayList<>();
    final CompletableFuture<Integer> exit;
    final ChatClient client;
    private final Thread runner;

    AdapterProcess(ClientSettings settings, MessagingFactory messaging) throws IOException {
        PipedInputStream in = new PipedInputStream(stdin, 1 << 16);
        PrintStream out = new PrintStream(new LineSink(lines), true, StandardCharsets.UTF_8);
        JsonMode mode = new JsonMode(in, out);
        client = ChatClient.start(settings, messaging, mode);
        exit = new CompletableFuture<>();
        runner = new Thread(() -> {
            try {
                exit.complete(mode.run(client, settings.server().toString()));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        }, "adapter-" + settings.username());
        runner.setDaemon(true);
        runner.start();
    }

    void write(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void endInput() throws IOException {
        stdin.close();
    }

    /** The next line matching {@code test}, skipping others (kept in {@link #seen}). */
    String awaitLine(Predicate<String> test, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("no " + what + " within " + AWAIT_SECONDS + " s; lines so far: " + seen);
            }
            seen.add(line);
            if (test.test(line)) {
                return line;
            }
        }
    }

    JsonNode awaitJson(Predicate<JsonNode> test, String what) throws InterruptedException {
        String line = awaitLine(l -> {
            try {
                return test.test(JSON.readTree(l));
            } catch (IOException e) {
                return false;
            }
        }, what);
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode awaitEvent(String name) throws InterruptedException {
        return awaitJson(n -> name.equals(n.path("event").asText(null)), "event " + name);
    }

    /** An event already seen (skipped while awaiting something else), or the next one. */
    JsonNode seenOrAwaitEvent(String name) throws InterruptedException {
        for (String l : seen) {
            try {
                JsonNode n = JSON.readTree(l);
                if (name.equals(n.path("event").asText(null))) {
                    return n;
                }
            } catch (IOException e) {
                // READY line
            }
        }
        return awaitEvent(name);
    }

    /** Sends a request and waits for its reply. */
    JsonNode request(long id, String json) throws Exception {
        write(json);
        return awaitReply(id);
    }

    JsonNode awaitReply(long id) throws InterruptedException {
        return awaitJson(n -> n.has("id") && n.get("id").isIntegralNumber() && n.get("id").asLong() == id, "reply " + id);
    }

    int awaitExit() throws Exception {
        return exit.get(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        client.close();
    }

    /** Splits what is written into lines. */
    private static final class LineSink extends OutputStream {
        private final BlockingQueue<String> lines;
        private final java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();

        LineSink(BlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }
    }
}
