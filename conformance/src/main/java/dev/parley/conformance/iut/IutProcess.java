package dev.parley.conformance.iut;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One process of the implementation under test, started from a command template and driven as the
 * adapter contract says: the first stdout line is {@code READY <udp-port>}; after it, stdout carries
 * JSON Lines replies ({@code {"id":N,"ok":...}}) and events ({@code {"event":"name",...}}); stdin
 * takes JSON Lines requests ({@code {"id":N,"op":"name",...}}); EOF on stdin asks for an orderly
 * exit 0; logs go to stderr, which this class captures in a file of the scenario's workdir.
 *
 * <p>A reader thread owns stdout. Requests wait for their reply with a bound; every way of not
 * getting one is reported with a {@link Verdict}: the process still runs ({@code TIMEOUT}), it
 * closed stdout or exited with code 0 ({@code CLOSED}), it wrote something the contract does not
 * allow ({@code WRONG}), or it died otherwise ({@code CRASH}).
 */
public final class IutProcess implements AutoCloseable {

    /** How a process ended. */
    public record Exit(int code, boolean suiteStoppedIt, boolean forced) {
        @Override
        public String toString() {
            return "exit code " + code + (forced ? " (killed by the suite)" : "");
        }
    }

    /** A reply to one request. {@code result} is set when {@code ok}, else {@code errorCode}. */
    public record Reply(long id, boolean ok, JsonNode result, String errorCode, String errorMessage, String line) {
    }

    private static final Pattern READY = Pattern.compile("READY (\\d{1,5})");
    private static final int MAX_EVENTS = 10_000;
    private static final int MAX_VIOLATIONS = 100;
    private static final Duration EXIT_AFTER_STDOUT_CLOSED = Duration.ofSeconds(1);

    private final String role;
    private final List<String> command;
    private final Path stderrFile;
    private final Process process;
    private final Writer stdin;
    private final Thread reader;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> readyPort = new CompletableFuture<>();
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();
    private final Deque<Reply> repliesWithoutId = new ArrayDeque<>();
    private final AtomicLong eventsDropped = new AtomicLong();

    private volatile boolean stdoutClosed;
    private volatile boolean stopping;
    private volatile int udpPort = -1;

    private IutProcess(String role, List<String> command, Path stderrFile, Process process) {
        this.role = role;
        this.command = List.copyOf(command);
        this.stderrFile = stderrFile;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::readStdout, "iut-" + role + "-stdout");
        reader.setDaemon(true);
    }

    /**
     * Starts {@code command} in {@code workdir}, its stderr going to {@code <role>.stderr.log} there,
     * and waits for its READY line (see {@link #awaitReady}).
     */
    public static IutProcess start(String role, List<String> command, Path workdir, Duration readyTimeout) {
        IutProcess iut = launch(role, command, workdir);
        iut.awaitReady(readyTimeout);
        return iut;
    }

    /**
     * Starts {@code command} in {@code workdir} without waiting for READY, for scenarios that expect
     * the process to refuse to start.
     *
     * @throws IutException CRASH if it cannot be started at all
     */
    public static IutProcess launch(String role, List<String> command, Path workdir) {
        Path stderrFile = workdir.resolve(role + ".stderr.log");
        Process process;
        try {
            Files.createDirectories(workdir);
            process = new ProcessBuilder(command)
                    .directory(workdir.toFile())
                    .redirectError(stderrFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new IutException(Verdict.CRASH, "cannot start the " + role + " command: " + e.getMessage(), e);
        }
        IutProcess iut = new IutProcess(role, command, stderrFile, process);
        iut.reader.start();
        return iut;
    }

    /**
     * Waits for the READY line [CF-PROC-1]; on failure the process is stopped.
     *
     * @throws IutException CRASH if the process dies first, CLOSED if it exits with code 0, WRONG if
     *                      its first line is not {@code READY <port>}, TIMEOUT if no line comes in time
     */
    public void awaitReady(Duration readyTimeout) {
        try {
            udpPort = readyPort.get(readyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IutException(Verdict.TIMEOUT, "the " + role + " printed no READY line within "
                    + readyTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof IutException ie ? ie
                    : new IutException(Verdict.CRASH, "the " + role + " failed before READY", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IutException(Verdict.TIMEOUT, "interrupted while waiting for READY from the " + role);
        }
    }

    /** True once the process printed a valid READY line. */
    public boolean printedReady() {
        return readyPort.isDone() && !readyPort.isCompletedExceptionally();
    }

    public String role() {
        return role;
    }

    /** The UDP port from the READY line. */
    public int udpPort() {
        return udpPort;
    }

    /** Where the process said it listens: 127.0.0.1 and the READY port (processes bind loopback). */
    public InetSocketAddress udpAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort);
    }

    /** The exact command line, quoted where an argument has spaces, ready to paste into a shell. */
    public String commandLine() {
        return command.stream().map(a -> a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*")
                ? "'" + a.replace("'", "'\\''") + "'" : a).collect(Collectors.joining(" "));
    }

    public Path stderrFile() {
        return stderrFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True when the process ended (or closed stdout) without the suite asking it to. */
    public boolean endedUnexpectedly() {
        return !stopping && (!process.isAlive() || stdoutClosed);
    }

    /**
     * Sends {@code {"id":N,"op":op,...fields}} and waits for the reply with that id.
     *
     * @throws IutException with TIMEOUT, CLOSED, CRASH or WRONG when no well-formed reply comes
     */
    public Reply request(String op, Map<String, ?> fields, Duration timeout) {
        return submit(op, fields).await(timeout);
    }

    /**
     * A request whose reply comes later, for operations that take as long as a transfer (a
     * {@code send} of a large message): {@link #submit} writes it, {@link #await} waits for the reply.
     */
    public final class PendingRequest {
        private final long id;
        private final String request;
        private final CompletableFuture<Reply> reply;
        private final int violationsBefore;

        private PendingRequest(long id, String request, CompletableFuture<Reply> reply, int violationsBefore) {
            this.id = id;
            this.request = request;
            this.reply = reply;
            this.violationsBefore = violationsBefore;
        }

        /** True once the reply (or the failure to get one) is known. */
        public boolean isDone() {
            return reply.isDone();
        }

        /**
         * Waits up to {@code timeout} for the reply.
         *
         * @throws IutException with TIMEOUT, CLOSED, CRASH or WRONG when no well-formed reply comes
         */
        public Reply await(Duration timeout) {
            try {
                return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                pending.remove(id);
                throw silence("no reply to " + request, timeout, violationsBefore);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IutException ie ? ie
                        : new IutException(Verdict.CRASH, "request " + request + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IutException(Verdict.TIMEOUT, "interrupted while waiting for a reply to " + request);
            }
        }

        @Override
        public String toString() {
            return request + (reply.isDone() && !reply.isCompletedExceptionally() ? " -> " + reply.join().line() : "");
        }
    }

    /** Sends {@code {"id":N,"op":op,...fields}} and returns at once; the reply is awaited later. */
    public PendingRequest submit(String op, Map<String, ?> fields) {
        long id = nextId.getAndIncrement();
        ObjectNode request = json.createObjectNode();
        request.put("id", id);
        request.put("op", op);
        fields.forEach((k, v) -> request.set(k, json.valueToTree(v)));
        return submitLine(id, request.toString());
    }

    private PendingRequest submitLine(long id, String line) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.whenComplete((r, e) -> pending.remove(id));
        PendingRequest handle = new PendingRequest(id, line, reply, violations().size());
        writeLine(line);
        return handle;
    }

    /**
     * Ends the process at once, without EOF or a signal it could catch (SIGKILL): a node that
     * vanishes, saying goodbye to nobody. The suite expects the exit from now on.
     */
    public void kill() {
        stopping = true;
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
    }

    /** Like {@link #request} but insists on {@code "ok":true} and returns the result object. */
    public JsonNode call(String op, Map<String, ?> fields, Duration timeout) {
        Reply reply = request(op, fields, timeout);
        if (!reply.ok()) {
            throw new IutException(Verdict.WRONG, "op '" + op + "' failed: " + reply.line());
        }
        if (reply.result() == null || !reply.result().isObject()) {
            throw new IutException(Verdict.WRONG, "op '" + op + "' replied ok without a result object: "
                    + reply.line());
        }
        return reply.result();
    }

    /** The first event (oldest first) matching {@code filter}, waiting up to {@code timeout}. */
    public Optional<JsonNode> awaitEvent(Predicate<JsonNode> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (JsonNode event : events) {
                    if (filter.test(event)) {
                        return Optional.of(event);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || stdoutClosed) {
                    return Optional.empty();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Writes a request line that breaks the request format on purpose and waits for its reply. An
     * {@code {id}} in {@code lineTemplate} becomes a fresh id and the reply must carry it; without
     * one, the reply must carry {@code "id": null} [CF-PROC-4].
     */
    public Reply rawRequest(String lineTemplate, Duration timeout) {
        if (!lineTemplate.contains("{id}")) {
            int violationsBefore = violations().size();
            writeLine(lineTemplate);
            Reply reply = awaitReplyWithoutId(timeout).orElseThrow(() -> silence(
                    "no reply with \"id\": null to the line " + lineTemplate, timeout, violationsBefore));
            if (reply.id() == -2) {
                throw new IutException(Verdict.WRONG, "the reply to the line " + lineTemplate
                        + " has no \"id\"; it must carry \"id\": null when the request's id cannot be read "
                        + "[CF-PROC-4]: " + reply.line());
            }
            return reply;
        }
        long id = nextId.getAndIncrement();
        return submitLine(id, lineTemplate.replace("{id}", Long.toString(id))).await(timeout);
    }

    /** The first reply with {@code "id": null}, waiting up to {@code timeout}. */
    public Optional<Reply> awaitReplyWithoutId(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (repliesWithoutId.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stdoutClosed) {
                    return Optional.empty();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            return Optional.of(repliesWithoutId.removeFirst());
        }
    }

    /** Every event so far, oldest first. */
    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Lines on stdout the contract does not allow (not JSON, no id or event, unknown id...). */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** Tells the process object that an exit is expected from now on (after a {@code shutdown} op). */
    public void expectExit() {
        stopping = true;
    }

    /** Closes stdin, the contract's request for an orderly exit. */
    public void closeStdin() {
        stopping = true;
        try {
            synchronized (stdin) {
                stdin.close();
            }
        } catch (IOException ignored) {
            // The process may already be gone; its exit status tells what happened.
        }
    }

    /** Waits up to {@code timeout} for the process to end and returns its exit code if it did. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    /**
     * Asks for an orderly exit (EOF on stdin) and waits {@code grace}; then terminates, then kills.
     * Always leaves the process dead.
     */
    public Exit stop(Duration grace) {
        stopping = true;
        if (process.isAlive()) {
            closeStdin();
            OptionalInt code = awaitExit(grace);
            if (code.isPresent()) {
                return finish(new Exit(code.getAsInt(), true, false));
            }
            process.destroy();
            code = awaitExit(grace);
            if (code.isPresent()) {
                return finish(new Exit(code.getAsInt(), true, true));
            }
            process.destroyForcibly();
            return finish(new Exit(awaitExit(grace).orElse(-1), true, true));
        }
        return finish(new Exit(process.exitValue(), false, false));
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }

    /**
     * The failure for a reply that did not come: WRONG if the process wrote lines the contract
     * does not allow meanwhile (the reply may be among them), else by the process's state.
     */
    private IutException silence(String what, Duration timeout, int violationsBefore) {
        List<String> now = violations();
        if (now.size() > violationsBefore) {
            return new IutException(Verdict.WRONG, what + " within " + timeout.toMillis() + " ms; meanwhile the "
                    + role + " wrote lines the contract does not allow: " + now.subList(violationsBefore, now.size()));
        }
        return new IutException(silenceVerdict(), what + " within " + timeout.toMillis() + " ms; the " + role + " "
                + state());
    }

    /** What the process is doing now: alive, or how it ended. */
    public String state() {
        if (process.isAlive()) {
            return stdoutClosed ? "is alive (pid " + process.pid() + ") but closed its stdout"
                    : "is alive (pid " + process.pid() + ")";
        }
        int code = process.exitValue();
        return code > 128 && code < 160 ? "was killed by signal " + (code - 128) + " (exit code " + code + ")"
                : "exited with code " + code;
    }

    /** The verdict for an answer that did not come: depends on whether the process is still there. */
    public Verdict silenceVerdict() {
        if (!process.isAlive()) {
            return process.exitValue() == 0 ? Verdict.CLOSED : Verdict.CRASH;
        }
        return stdoutClosed ? Verdict.CLOSED : Verdict.TIMEOUT;
    }

    /** The last {@code lines} lines the process wrote to stderr. */
    public List<String> stderrTail(int lines) {
        try {
            List<String> all = Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(stderr unreadable: " + e.getMessage() + ")");
        }
    }

    private Exit finish(Exit exit) {
        try {
            reader.join(EXIT_AFTER_STDOUT_CLOSED.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exit;
    }

    private void writeLine(String line) {
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw new IutException(silenceVerdict() == Verdict.TIMEOUT ? Verdict.CLOSED : silenceVerdict(),
                    "cannot write to the " + role + "'s stdin (" + e.getMessage() + "); it " + state(), e);
        }
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            if (first != null) {
                Matcher ready = READY.matcher(first.strip());
                int port = ready.matches() ? Integer.parseInt(ready.group(1)) : -1;
                if (port >= 1 && port <= 65_535) {
                    readyPort.complete(port);
                } else {
                    readyPort.completeExceptionally(new IutException(Verdict.WRONG,
                            "the first line of the " + role + "'s stdout must be 'READY <udp-port>', was: " + first));
                }
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    onLine(line);
                }
            }
        } catch (IOException e) {
            violation("stdout unreadable: " + e.getMessage());
        } finally {
            onStdoutClosed();
        }
    }

    private void onLine(String line) {
        if (line.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            violation("not JSON: " + line);
            return;
        }
        if (node == null || !node.isObject()) {
            violation("not a JSON object: " + line);
        } else if (node.has("id")) {
            onReply(node, line);
        } else if (node.has("ok")) {
            // A reply must carry the request's id, or "id": null when it could not be read [CF-PROC-4].
            violation("reply without \"id\": " + line);
            synchronized (events) {
                repliesWithoutId.addLast(new Reply(-2, node.path("ok").asBoolean(false), node.get("result"),
                        node.path("error").path("code").asText(null), null, line));
                events.notifyAll();
            }
        } else if (node.hasNonNull("event") && node.get("event").isTextual()) {
            synchronized (events) {
                if (events.size() >= MAX_EVENTS) {
                    events.removeFirst();
                    eventsDropped.incrementAndGet();
                }
                events.addLast(node);
                events.notifyAll();
            }
        } else {
            violation("neither a reply (no \"id\") nor an event (no \"event\"): " + line);
        }
    }

    private void onReply(JsonNode node, String line) {
        JsonNode idNode = node.get("id");
        if (idNode.isNull()) {
            // The answer to a request line whose id could not be read [CF-PROC-4].
            JsonNode error = node.get("error");
            JsonNode code = error == null ? null : error.get("code");
            synchronized (events) {
                repliesWithoutId.addLast(new Reply(-1, node.path("ok").asBoolean(false), node.get("result"),
                        code == null ? null : code.asText(), null, line));
                events.notifyAll();
            }
            return;
        }
        if (!idNode.canConvertToLong()) {
            violation("reply id is not an integer: " + line);
            return;
        }
        CompletableFuture<Reply> waiting = pending.get(idNode.asLong());
        if (waiting == null) {
            violation("reply to no outstanding request: " + line);
            return;
        }
        JsonNode ok = node.get("ok");
        if (ok == null || !ok.isBoolean()) {
            waiting.completeExceptionally(new IutException(Verdict.WRONG, "reply without a boolean \"ok\": " + line));
        } else if (ok.asBoolean()) {
            waiting.complete(new Reply(idNode.asLong(), true, node.get("result"), null, null, line));
        } else {
            JsonNode error = node.get("error");
            JsonNode code = error == null ? null : error.get("code");
            if (code == null || !code.isTextual()) {
                waiting.completeExceptionally(new IutException(Verdict.WRONG,
                        "error reply without \"error\":{\"code\":...}: " + line));
            } else {
                JsonNode message = error.get("message");
                waiting.complete(new Reply(idNode.asLong(), false, null, code.asText(),
                        message == null ? null : message.asText(), line));
            }
        }
    }

    private void onStdoutClosed() {
        stdoutClosed = true;
        try {
            process.waitFor(EXIT_AFTER_STDOUT_CLOSED.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Verdict verdict = silenceVerdict() == Verdict.TIMEOUT ? Verdict.CLOSED : silenceVerdict();
        IutException closed = new IutException(verdict, "the " + role + " closed its stdout; it " + state());
        readyPort.completeExceptionally(closed);
        pending.values().forEach(p -> p.completeExceptionally(closed));
        synchronized (events) {
            events.notifyAll();
        }
    }

    private void violation(String what) {
        synchronized (violations) {
            if (violations.size() < MAX_VIOLATIONS) {
                violations.add(what);
            }
        }
    }
}
