package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.FramingError;
import dev.parley.framing.FramingException;
import dev.parley.framing.MemoryBudget;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.TransportEndpoint;
import dev.parley.transport.TransportStateException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport and framing ops of {@code parley node} (spec/conformance.md, "Operations"): listen,
 * connect, send, close, abort, and the events {@code accepted}, {@code open}, {@code message},
 * {@code peer_closed} and {@code closed}. Connections are named by small integers the node assigns.
 */
final class NodeSession {

    /** Messages up to this length are reported with their bytes in the {@code message} event. */
    private static final int INLINE_DATA_BYTES = 64;
    private static final long LOOP_TIMEOUT_SECONDS = 10;

    private final DatagramEndpoint endpoint;
    private final TransportEndpoint transport;
    private final FramingConfig framing;
    private final MemoryBudget budget;
    private final ControlChannel channel;
    private final Map<Integer, MessageConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    /** Ports this node listens on; loop thread. */
    private final Set<Integer> listening = new java.util.HashSet<>();

    /** @param budget the node's memory budget, shared by all its connections [FR-MEM-1] */
    NodeSession(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing, MemoryBudget budget,
                ControlChannel channel) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.framing = framing;
        this.budget = budget;
        this.channel = channel;
    }

    void register() {
        channel.op("listen", this::listen)
                .op("connect", this::connect)
                .op("send", this::send)
                .op("close", request -> onConnection(request, MessageConnection::close))
                .op("abort", request -> onConnection(request, MessageConnection::abort));
    }

    private Object listen(JsonNode request) throws ControlChannel.OpException {
        int port = (int) ControlChannel.longField(request, "port", 1, 65_535);
        onLoop(() -> {
            if (!listening.add(port)) {
                // [CF-OP-7] listening twice on a port is refused; the first listen stays as it was
                throw new ControlChannel.OpException("TR_IN_USE", "already listening on port " + port);
            }
            transport.listen(port, connection -> {
                int id = nextId.getAndIncrement();
                MessageConnection messages = newConnection(id);
                connections.put(id, messages);
                channel.event("accepted", Map.of("conn", id, "port", port,
                        "peer", connection.remote().getAddress().getHostAddress() + ":" + connection.remote().getPort(),
                        "peer_port", connection.remotePort()));
                return messages;
            });
            return null;
        });
        return Map.of();
    }

    private Object connect(JsonNode request) throws ControlChannel.OpException {
        InetSocketAddress remote = address(ControlChannel.textField(request, "address"));
        int port = (int) ControlChannel.longField(request, "port", 1, 65_535);
        int id = nextId.getAndIncrement();
        MessageConnection messages = newConnection(id);
        // The connection is named only once the transport made it: a refused open leaves nothing behind and
        // answers the transport's code, e.g. TR_TOO_MANY_CONNECTIONS [CF-PROC-5].
        int localPort = onLoop(() -> {
            int local = messages.bind(transport.connect(remote, port, messages)).connection().localPort();
            connections.put(id, messages);
            return local;
        });
        return Map.of("conn", id, "local_port", localPort);
    }

    private Object send(JsonNode request) throws ControlChannel.OpException {
        MessageConnection connection = connection(request);
        byte[] message;
        if (request.has("data")) {
            try {
                message = HexFormat.of().parseHex(ControlChannel.textField(request, "data"));
            } catch (IllegalArgumentException e) {
                throw new ControlChannel.OpException("USAGE", "field 'data' must be hex");
            }
        } else {
            long length = ControlChannel.longField(request, "length", 0, 0xFFFF_FFFFL);
            if (length > framing.maxMessageBytes()) {
                // [CF-OP-6] [FR-LEN-1] longer than the limit: refused like a message given as data
                throw new ControlChannel.OpException(FramingError.FR_TOO_LARGE.name(), "a message of " + length
                        + " bytes exceeds the limit of " + framing.maxMessageBytes());
            }
            long seed = ControlChannel.longField(request, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
            message = TestPattern.generate(seed, (int) length);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("length", message.length);
        result.put("sha256", TestPattern.sha256Hex(message));
        return connection.send(message).handle((sent, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof FramingException e) {
                    throw new java.util.concurrent.CompletionException(new ControlChannel.OpException(e.code(), e.getMessage()));
                }
                throw new java.util.concurrent.CompletionException(cause);
            }
            return result;
        });
    }

    private Object onConnection(JsonNode request, java.util.function.Consumer<MessageConnection> action)
            throws ControlChannel.OpException {
        action.accept(connection(request));
        return Map.of();
    }

    private MessageConnection newConnection(int id) {
        MessageConnection messages = new MessageConnection(framing, endpoint::execute, new MessageListener() {
            @Override
            public void onOpen(MessageConnection c) {
                channel.event("open", Map.of("conn", id));
            }

            @Override
            public void onMessage(MessageConnection c, byte[] message) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("conn", id);
                event.put("length", message.length);
                event.put("sha256", TestPattern.sha256Hex(message));
                if (message.length <= INLINE_DATA_BYTES) {
                    event.put("data", HexFormat.of().formatHex(message));
                }
                channel.event("message", event);
            }

            @Override
            public void onPeerClosed(MessageConnection c) {
                channel.event("peer_closed", Map.of("conn", id));
            }

            @Override
            public void onClose(MessageConnection c, String code) {
                connections.remove(id);
                channel.event("closed", Map.of("conn", id, "code", code));
            }
        }, budget);
        return messages;
    }

    private MessageConnection connection(JsonNode request) throws ControlChannel.OpException {
        int id = (int) ControlChannel.longField(request, "conn", 0, Integer.MAX_VALUE);
        MessageConnection connection = connections.get(id);
        if (connection == null) {
            throw new ControlChannel.OpException("NO_SUCH_CONNECTION", "no open connection " + id);
        }
        return connection;
    }

    /** Transport counters, read on the loop thread that owns them. */
    Map<String, Long> transportStats() {
        try {
            return onLoop(() -> transport.stats().snapshot());
        } catch (ControlChannel.OpException e) {
            return Map.of();
        }
    }

    /** The memory budget's counters [FR-MEM-1], read on the loop thread that owns them. */
    Map<String, Long> memoryStats() {
        try {
            return onLoop(() -> Map.of("memory_bytes", budget.usedBytes(), "max_memory_bytes", budget.maxMemoryBytes(),
                    "memory_resets", budget.resets()));
        } catch (ControlChannel.OpException e) {
            return Map.of();
        }
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws ControlChannel.OpException {
        CompletableFuture<T> result = endpoint.submit(task);
        try {
            return result.get(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ControlChannel.OpException op) {
                throw op;
            }
            if (e.getCause() instanceof TransportStateException refused) {
                throw new ControlChannel.OpException(refused.code(), refused.getMessage());
            }
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new ControlChannel.OpException("USAGE", bad.getMessage());
            }
            throw new ControlChannel.OpException("INTERNAL", String.valueOf(e.getCause()));
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            throw new ControlChannel.OpException("INTERNAL", "the node's loop did not answer: " + e);
        }
    }

    private static InetSocketAddress address(String hostPort) throws ControlChannel.OpException {
        try {
            return new Endpoints().convert(hostPort);
        } catch (RuntimeException e) {
            throw new ControlChannel.OpException("USAGE", "field 'address': " + e.getMessage());
        }
    }
}
