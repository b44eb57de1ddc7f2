package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The adapter contract's process protocol (spec/conformance.md): prints {@code READY <port>}, then
 * reads JSON Lines requests from stdin and writes one JSON Lines reply per request to stdout
 * [CF-PROC-1]. Events may be written from any thread; lines never interleave.
 */
final class ControlChannel {

    /** Thrown by an op to answer with a canonical error code. */
    static final class OpException extends Exception {
        final String code;

        OpException(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Reads a required integer field of a request. */
    static long longField(JsonNode request, String name, long min, long max) throws OpException {
        JsonNode value = request.get(name);
        if (value == null || !value.canConvertToLong()) {
            throw new OpException("USAGE", "field '" + name + "' must be an integer");
        }
        long v = value.asLong();
        if (v < min || v > max) {
            throw new OpException("USAGE", "field '" + name + "' must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** Reads a required string field of a request. */
    static String textField(JsonNode request, String name) throws OpException {
        JsonNode value = request.get(name);
        if (value == null || !value.isTextual()) {
            throw new OpException("USAGE", "field '" + name + "' must be a string");
        }
        return value.asText();
    }

    @FunctionalInterface
    interface Op {
        Object apply(JsonNode request) throws OpException;
    }

    private static final int MAX_LINE_CHARS = 1 << 20;

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    private final Map<String, Op> ops = new LinkedHashMap<>();
    private volatile boolean shutdownRequested;

    ControlChannel(PrintStream out) {
        this.out = out;
        ops.put("shutdown", request -> {
            shutdownRequested = true;
            return Map.of();
        });
    }

    ControlChannel op(String name, Op op) {
        ops.put(name, op);
        return this;
    }

    synchronized void ready(int port) {
        out.println("READY " + port);
        out.flush();
    }

    /** Writes an event line {@code {"event":name, ...fields}}. */
    void event(String name, Map<String, ?> fields) {
        ObjectNode node = json.createObjectNode();
        node.put("event", name);
        fields.forEach((key, value) -> node.set(key, json.valueToTree(value)));
        writeLine(node);
    }

    /** Serves requests until stdin ends or a {@code shutdown} request arrives. */
    void serve(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while (!shutdownRequested && (line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            handle(line);
        }
    }

    private void handle(String line) {
        JsonNode request;
        try {
            if (line.length() > MAX_LINE_CHARS) {
                throw new OpException("BAD_REQUEST", "request longer than " + MAX_LINE_CHARS + " characters");
            }
            request = json.readTree(line);
            if (request == null || !request.isObject()) {
                throw new OpException("BAD_REQUEST", "a request is a JSON object");
            }
        } catch (JsonProcessingException e) {
            reply(null, null, "BAD_REQUEST", "not JSON: " + e.getOriginalMessage());
            return;
        } catch (OpException e) {
            reply(null, null, e.code, e.getMessage());
            return;
        }
        JsonNode id = request.get("id");
        String name = request.path("op").asText("");
        Op op = ops.get(name);
        if (op == null) {
            reply(id, null, "UNSUPPORTED_OP", "unknown op '" + name + "'; supported: " + ops.keySet());
            return;
        }
        try {
            Object result = op.apply(request);
            if (result instanceof CompletionStage<?> pending) {
                // Asynchronous op: reply when it completes; other requests are served meanwhile.
                pending.whenComplete((value, failure) -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause == null) {
                        reply(id, value, null, null);
                    } else if (cause instanceof OpException e) {
                        reply(id, null, e.code, e.getMessage());
                    } else {
                        reply(id, null, "INTERNAL", cause.toString());
                    }
                });
            } else {
                reply(id, result, null, null);
            }
        } catch (OpException e) {
            reply(id, null, e.code, e.getMessage());
        } catch (RuntimeException e) {
            reply(id, null, "INTERNAL", e.toString());
        }
    }

    private void reply(JsonNode id, Object result, String errorCode, String message) {
        ObjectNode node = json.createObjectNode();
        if (id != null) {
            node.set("id", id);
        }
        node.put("ok", errorCode == null);
        if (errorCode == null) {
            node.set("result", json.valueToTree(result));
        } else {
            ObjectNode error = node.putObject("error");
            error.put("code", errorCode);
            error.put("message", message);
        }
        writeLine(node);
    }

    private synchronized void writeLine(ObjectNode node) {
        out.println(node.toString());
        out.flush();
    }
}
