package dev.parley.bench;

import dev.parley.chat.AccountUsers;
import dev.parley.chat.Bodies;
import dev.parley.chat.ChatError;
import dev.parley.chat.ChatServerNode;
import dev.parley.chat.ChatSink;
import dev.parley.chat.LoginClient;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One login by the reference client engine ({@link LoginClient}) on an existing endpoint, wired as
 * {@code ChatClientNode} wires it (one connection to the server's chat port, messages and timers on the
 * endpoint's loop), but with the engine in reach: the bench reads its proof-of-work attempts and times the
 * login from the connect call to the Welcome. The caller ticks the timer with {@link #tick()}.
 */
final class LoginClientRun implements LoginClient.Listener {
    private final DatagramEndpoint endpoint;
    private final LoginClient client;
    private final long startedNanos = System.nanoTime();
    private volatile long establishedNanos;
    /** Completes with null when the session is up, or with the error that ended the login. */
    final CompletableFuture<ChatError> outcome = new CompletableFuture<>();

    LoginClientRun(DatagramEndpoint endpoint, TransportEndpoint transport, InetSocketAddress server, String username,
            char[] password, byte[] pinnedSpki, SecureRandom random) {
        this.endpoint = endpoint;
        MessageConnection[] holder = new MessageConnection[1];
        LoginClient.Config config = new LoginClient.Config(username, password, pinnedSpki, null, 28, 0, 30_000);
        this.client = new LoginClient(config, random, AccountUsers.OPENER, new ChatSink() {
            @Override
            public void send(byte[] m) {
                holder[0].send(m);
            }

            @Override
            public void close() {
                holder[0].close();
            }
        }, this);
        endpoint.execute(() -> {
            MessageConnection messages = new MessageConnection(FramingConfig.defaults(), endpoint::execute,
                    new MessageListener() {
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
    }

    /** The engine's timers (login timeout, heartbeat), run on the loop. */
    void tick() {
        endpoint.execute(() -> client.onTimer(System.currentTimeMillis()));
    }

    /** Logs out (which closes the connection) once established; closes the connection otherwise. */
    void end() {
        endpoint.execute(() -> client.logout(System.currentTimeMillis()));
    }

    /** Nanoseconds from the connect call to the Welcome; -1 when the login did not succeed. */
    long loginNanos() {
        return establishedNanos == 0 ? -1 : establishedNanos - startedNanos;
    }

    /** Proof-of-work attempts the engine made (read after the outcome). */
    long powAttempts() {
        return client.powAttempts();
    }

    @Override
    public void onEstablished(Bodies.WelcomeBody welcome) {
        establishedNanos = System.nanoTime();
        outcome.complete(null);
    }

    @Override
    public void onResponse(Bodies.SessionBody body) {
    }

    @Override
    public void onEnded(ChatError error) {
        outcome.complete(error);
    }
}
