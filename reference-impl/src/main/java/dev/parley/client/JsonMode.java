package dev.parley.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.chat.Bodies;
import dev.parley.chat.ChatError;
import dev.parley.chat.peer.PeerMessaging.SendResult;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The non-interactive front end of {@code parley client --json}: spec/conformance.md, "Chat client adapter". It writes
 * {@code READY <udp-port>} once its socket is bound [CF-CLI-1], then JSON Lines only: the {@code logged_in} event or,
 * when the login fails, {@code error} and {@code ended} and exit status 1 [CF-CLI-2]; after {@code logged_in} it
 * serves {@code list}, {@code send}, {@code fingerprint} and {@code quit} requests [CF-CLI-3] [CF-CLI-4] [CF-CLI-5]
 * [CF-CLI-6] and reports what arrives as events [CF-CLI-7].
 */
public final class JsonMode implements ChatClient.Events {
    /** Longest request line in characters: room for a 1 MiB message with JSON escapes. */
    static final int MAX_LINE_CHARS = 8 << 20;

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    private final Reader in;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile ChatClient client;
    private volatile boolean quitting;
    /** Replies still to be written, awaited (at most {@link #QUIT_WAIT_MS}) before a quit logs out. */
    private final java.util.Set<CompletableFuture<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final long QUIT_WAIT_MS = 30_000;

    public JsonMode(java.io.InputStream in, PrintStream out) {
        this.in = new InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
        this.out = out;
    }

    /** Runs the adapter for a started client until quit, end of input or the end of the session: the exit status. */
    public int run(ChatClient chat, String server) {
        this.client = chat;
        writeLine("READY " + chat.udpPort()); // [CF-CLI-1]
        Bodies.WelcomeBody welcome;
        try {
            welcome = chat.loggedIn().get(); // bounded by the login timer [CH-CLI-1]
        } catch (Exception e) {
            ChatError error = e.getCause() instanceof dev.parley.chat.ChatClientNode.RequestFailed f
                    ? f.error() : ChatError.UNKNOWN_ERROR;
            event("error", List.of("code", error.code(), "message", Describe.loginFailure(error, server)));
            event("ended", List.of("code", error.code(), "message", Describe.loginFailure(error, server)));
            return 1; // [CF-CLI-2]
        }
        ObjectNode up = event("logged_in");
        up.put("user", chat.username());
        up.put("udp_port", chat.udpPort());
        up.put("observed", observed(welcome));
        up.put("messaging", chat.messagingAvailable());
        writeLine(up);
        Thread reading = new Thread(this::serve, "client-json-stdin");
        reading.setDaemon(true);
        reading.start();
        return exit.join();
    }

    private static String observed(Bodies.WelcomeBody w) {
        try {
            return InetAddress.getByAddress(w.observed().address()).getHostAddress() + ":" + w.observed().udpPort();
        } catch (IOException e) {
            return "";
        }
    }

    private void serve() {
        try {
            StringBuilder line = new StringBuilder();
            boolean tooLong = false;
            int c;
            while ((c = in.read()) >= 0 && !exit.isDone()) {
                if (c == '\n') {
                    if (tooLong) {
                        reply(null, null, "BAD_REQUEST", "a request line is at most " + MAX_LINE_CHARS + " characters");
                    } else if (!line.toString().isBlank()) {
                        handle(line.toString());
                    }
                    line.setLength(0);
                    tooLong = false;
                } else if (line.length() >= MAX_LINE_CHARS) {
                    tooLong = true; // the rest of the line is read and dropped, never buffered
                } else {
                    line.append((char) c);
                }
            }
        } catch (IOException e) {
            // standard input gone: like its end
        }
        afterEarlierReplies(() -> { // end of input: like quit, without a reply [CF-CLI-6]
            quitting = true;
            client.quit();
            exit.complete(0);
        });
    }

    private void handle(String line) {
        JsonNode request;
        try {
            request = json.readTree(line);
        } catch (JsonProcessingException e) {
            reply(null, null, "BAD_REQUEST", "not JSON: " + e.getOriginalMessage());
            return;
        }
        JsonNode id = request == null ? null : request.get("id");
        if (request == null || !request.isObject() || id == null || !(id.isIntegralNumber() && id.canConvertToLong())) {
            reply(null, null, "BAD_REQUEST", "a request is one JSON object with an integer 'id' and a string 'op'");
            return;
        }
        JsonNode op = request.get("op");
        if (op == null || !op.isTextual()) {
            reply(id, null, "BAD_REQUEST", "a request needs a string 'op'");
            return;
        }
        switch (op.asText()) {
            case "list" -> track(client.list().whenComplete((users, failure) -> {
                if (failure != null) {
                    fail(id, failure);
                } else {
                    ObjectNode result = json.createObjectNode();
                    result.set("users", json.valueToTree(users));
                    reply(id, result, null, null);
                }
            })); // [CF-CLI-3]
            case "send" -> send(id, request);
            case "fingerprint" -> fingerprint(id, request);
            case "quit", "shutdown" -> afterEarlierReplies(() -> { // [CF-CLI-6]
                quitting = true;
                reply(id, json.createObjectNode(), null, null);
                client.quit();
                exit.complete(0);
            });
            default -> reply(id, null, "UNSUPPORTED_OP", "unknown op '" + op.asText()
                    + "'; supported: list, send, fingerprint, quit");
        }
    }

    private void send(JsonNode id, JsonNode request) {
        JsonNode to = request.get("to");
        JsonNode text = request.get("text");
        List<String> recipients = new ArrayList<>();
        if (to != null && to.isTextual()) {
            recipients.add(to.asText());
        } else if (to != null && to.isArray() && to.size() > 0) {
            for (JsonNode n : to) {
                if (!n.isTextual()) {
                    reply(id, null, "USAGE", "'to' must be a user name or an array of user names");
                    return;
                }
                recipients.add(n.asText());
            }
        } else {
            reply(id, null, "USAGE", "'to' must be a user name or a non-empty array of user names");
            return;
        }
        if (text == null || !text.isTextual()) {
            reply(id, null, "USAGE", "'text' must be a string");
            return;
        }
        track(client.send(recipients, text.asText()).whenComplete((results, failure) -> { // [CF-CLI-4]
            if (failure != null) {
                fail(id, failure);
                return;
            }
            ObjectNode result = json.createObjectNode();
            ArrayNode list = result.putArray("results");
            for (SendResult r : results) {
                ObjectNode one = list.addObject();
                one.put("recipient", r.recipient());
                one.put("outcome", r.outcome().name());
                one.put("detail", r.detail() == null ? "" : r.detail());
            }
            reply(id, result, null, null);
        }));
    }

    private void fingerprint(JsonNode id, JsonNode request) {
        JsonNode user = request.get("user");
        if (user != null && !user.isTextual() && !user.isNull()) {
            reply(id, null, "USAGE", "'user' must be a user name");
            return;
        }
        String name = user == null || user.isNull() ? null : user.asText();
        track(client.fingerprint(name).whenComplete((key, failure) -> { // [CF-CLI-5]
            if (failure != null) {
                fail(id, failure);
                return;
            }
            ObjectNode result = json.createObjectNode();
            Optional<ChatClient.KeyInfo> k = key;
            result.put("user", k.map(ChatClient.KeyInfo::user).orElse(name));
            if (k.isPresent()) {
                result.put("fingerprint", k.get().fingerprint());
                result.put("source", k.get().source());
            } else {
                result.putNull("fingerprint");
                result.put("source", "none");
            }
            reply(id, result, null, null);
        }));
    }

    private void track(CompletableFuture<?> replied) {
        inFlight.add(replied);
        replied.whenComplete((v, t) -> inFlight.remove(replied));
    }

    /** Runs {@code then} once every earlier request has its reply, or after {@link #QUIT_WAIT_MS}. */
    private void afterEarlierReplies(Runnable then) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .handle((v, t) -> null)
                .completeOnTimeout(null, QUIT_WAIT_MS, TimeUnit.MILLISECONDS)
                .thenRun(then);
    }

    private void fail(JsonNode id, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        reply(id, null, Describe.code(cause), Describe.failure(cause));
    }

    // ------------------------------------------------------------------ events [CF-CLI-7]

    @Override
    public void onMessage(String sender, String text, long sentAtMs) {
        ObjectNode e = event("message");
        e.put("from", sender);
        e.put("text", text);
        e.put("sent_at_ms", sentAtMs);
        writeLine(e);
    }

    @Override
    public void onKeyChanged(String user, String pinnedFingerprint, String presentedFingerprint) {
        ObjectNode e = event("key_changed");
        e.put("user", user);
        e.put("pinned", pinnedFingerprint);
        e.put("presented", presentedFingerprint);
        writeLine(e);
    }

    @Override
    public void onEnded(ChatError error) {
        if (quitting || client == null || !client.loggedIn().isDone() || client.loggedIn().isCompletedExceptionally()) {
            return; // a failed login is reported by run(); a quit ends quietly
        }
        event("ended", List.of("code", error.code(), "message", Describe.sessionEnded(error)));
        exit.complete(1); // [CF-CLI-8]
    }

    // ------------------------------------------------------------------ output

    private ObjectNode event(String name) {
        ObjectNode node = json.createObjectNode();
        node.put("event", name);
        return node;
    }

    private void event(String name, List<String> fields) {
        ObjectNode node = event(name);
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            node.put(fields.get(i), fields.get(i + 1));
        }
        writeLine(node);
    }

    private void reply(JsonNode id, ObjectNode result, String code, String message) {
        ObjectNode node = json.createObjectNode();
        if (id == null) {
            node.putNull("id");
        } else {
            node.set("id", id);
        }
        node.put("ok", code == null);
        if (code == null) {
            node.set("result", result);
        } else {
            ObjectNode error = node.putObject("error");
            error.put("code", code);
            error.put("message", message);
        }
        writeLine(node);
    }

    private void writeLine(ObjectNode node) {
        writeLine(node.toString());
    }

    private synchronized void writeLine(String line) {
        out.println(line);
        out.flush();
    }

    /** Waits at most {@code ms} for the run to finish (tests). */
    boolean awaitExit(long ms) {
        try {
            exit.get(ms, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
