package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.FramingException;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final ControlChannel channel;
    private final Map<Integer, MessageConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    NodeSession(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing, ControlChannel channel) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.framing = framing;
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
            transport.listen(port, connection -> {
                int id = nextId.getAndIncrement();
                MessageConnection messages = newConnection(id);
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
        int localPort = onLoop(() -> messages.bind(transport.connect(remote, port, messages)).connection().localPort());
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
            int length = (int) ControlChannel.longField(request, "length", 0, framing.maxMessageBytes());
            long seed = ControlChannel.longField(request, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
            message = TestPattern.generate(seed, length);
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
        });
        connections.put(id, messages);
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

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws ControlChannel.OpException {
        CompletableFuture<T> result = endpoint.submit(task);
        try {
            return result.get(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
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
