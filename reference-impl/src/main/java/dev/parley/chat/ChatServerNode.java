package dev.parley.chat;

import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.TransportEndpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server on a node's one socket: accepts transport connections on port 1 [CH-PORT-1], runs one
 * {@link LoginServer} per connection on the endpoint's loop thread, and ticks their timers from that loop.
 */
public final class ChatServerNode implements AutoCloseable {
    public static final int PORT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(ChatServerNode.class);
    private final DatagramEndpoint endpoint;
    private final ChatServerContext ctx;
    private final Map<MessageConnection, LoginServer> logins = new HashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-ticker");
        t.setDaemon(true);
        return t;
    });

    public ChatServerNode(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing,
            ChatServerContext ctx) {
        this.endpoint = endpoint;
        this.ctx = ctx;
        endpoint.execute(() -> transport.listen(PORT, connection -> {
            MessageConnection messages = new MessageConnection(framing, endpoint::execute, new MessageListener() {
                @Override
                public void onMessage(MessageConnection c, byte[] message) {
                    LoginServer s = logins.get(c);
                    if (s != null) {
                        s.onMessage(message, now());
                    }
                }

                @Override
                public void onClose(MessageConnection c, String code) {
                    LoginServer s = logins.remove(c);
                    if (s != null) {
                        s.onClosed(now());
                    }
                }
            });
            Endpoint client = Endpoint.of(connection.remote(), connection.remotePort());
            logins.put(messages, new LoginServer(ctx, client, new ChatSink() {
                @Override
                public void send(byte[] m) {
                    messages.send(m);
                }

                @Override
                public void close() {
                    messages.close();
                }
            }));
            return messages;
        }));
        ticker.scheduleAtFixedRate(() -> endpoint.execute(this::tick), 100, 100, TimeUnit.MILLISECONDS);
    }

    private long now() {
        return System.currentTimeMillis();
    }

    private void tick() {
        long now = now();
        for (LoginServer s : logins.values().toArray(new LoginServer[0])) {
            if (s.nextDeadlineMs() <= now) {
                try {
                    s.onTimer(now);
                } catch (RuntimeException e) {
                    LOG.warn("chat: timer failed for {}", s, e);
                }
            }
        }
    }

    /** Counters, read on the loop thread. */
    public CompletableFuture<Map<String, Object>> stats() {
        return endpoint.submit(() -> {
            Map<String, Object> m = new java.util.TreeMap<>(ctx.stats().snapshot());
            m.put("online", ctx.directory().size());
            m.put("connections", logins.size());
            m.put("difficulty", ctx.currentDifficulty(now()));
            return m;
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
