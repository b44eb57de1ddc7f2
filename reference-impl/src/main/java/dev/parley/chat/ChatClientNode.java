package dev.parley.chat;

import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A chat client on a node's one socket: one transport connection to the server's port 1, one
 * {@link LoginClient} on the endpoint's loop thread, its timers ticked from that loop.
 */
public final class ChatClientNode implements AutoCloseable {
    private final DatagramEndpoint endpoint;
    private final LoginClient client;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-client-ticker");
        t.setDaemon(true);
        return t;
    });

    public ChatClientNode(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing,
            InetSocketAddress server, LoginClient.Config config, SecureRandom random, LoginClient.Listener listener) {
        this.endpoint = endpoint;
        MessageConnection[] holder = new MessageConnection[1];
        this.client = new LoginClient(config, random, AccountUsers.OPENER, new ChatSink() {
            @Override
            public void send(byte[] m) {
                holder[0].send(m);
            }

            @Override
            public void close() {
                holder[0].close();
            }
        }, listener);
        endpoint.execute(() -> {
            MessageConnection messages = new MessageConnection(framing, endpoint::execute, new MessageListener() {
                @Override
                public void onOpen(MessageConnection c) {
                    client.begin(System.currentTimeMillis());
                }

                @Override
                public void onMessage(MessageConnection c, byte[] message) {
                    client.onMessage(message, System.currentTimeMillis());
                }

                @Override
                public void onClose(MessageConnection c, String code) {
                    client.onClosed(System.currentTimeMillis());
                }
            });
            holder[0] = messages;
            messages.bind(transport.connect(server, ChatServerNode.PORT, messages));
        });
        ticker.scheduleAtFixedRate(() -> endpoint.execute(() -> client.onTimer(System.currentTimeMillis())), 100, 100,
                TimeUnit.MILLISECONDS);
    }

    /** Runs on the loop: a list request (lookup when {@code username} is not null). */
    public void request(int bodyType, String username) {
        endpoint.execute(() -> client.request(bodyType, username, System.currentTimeMillis()));
    }

    public void logout() {
        endpoint.execute(() -> client.logout(System.currentTimeMillis()));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
