package dev.parley.client;

import dev.parley.chat.account.DataDirectory;
import dev.parley.chat.peer.PeerConfig;
import dev.parley.chat.peer.PeerMessaging;
import dev.parley.chat.peer.PeerNode;
import dev.parley.chat.peer.PeerPins;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.TransportEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Where a logged-in {@link ChatClient} gets its end-to-end messaging engine: the one place an implementation of
 * {@link PeerMessaging} is plugged in. {@link #UNAVAILABLE} is the build without one: the client then announces no
 * peer port and says so when asked to send, never pretending a message went out.
 */
public interface MessagingFactory {

    /** What the engine runs on: the client's node (one UDP socket) and the transport port it accepts peers on. */
    record Wiring(DatagramEndpoint endpoint, TransportEndpoint transport, FramingConfig framing, int peerPort) {
    }

    /** The transport port on which this engine accepts peers, announced at login ({@code peer_port}); 0 = none. */
    int peerPort();

    /** Opens the engine for a logged-in user; called once per login. */
    PeerMessaging open(PeerMessaging.Context context, PeerMessaging.Listener listener, Wiring wiring);

    /** True when {@link #open} gives a working engine. */
    default boolean available() {
        return true;
    }

    /** The transport port peers connect to when messaging is available. */
    int DEFAULT_PEER_PORT = 2;

    /** No engine in this build: {@link ChatClient#send} fails with {@link ChatClient.MessagingUnavailable}. */
    MessagingFactory UNAVAILABLE = new MessagingFactory() {
        @Override
        public int peerPort() {
            return 0;
        }

        @Override
        public PeerMessaging open(PeerMessaging.Context context, PeerMessaging.Listener listener, Wiring wiring) {
            throw new ChatClient.MessagingUnavailable();
        }

        @Override
        public boolean available() {
            return false;
        }
    };

    /**
     * The engine this build ships with: a {@link PeerNode} per login, its pins in
     * {@code parley-data/pins/<user>.pins} relative to the working directory (the client's data directory).
     */
    static MessagingFactory builtIn() {
        return builtIn(Path.of(DataDirectory.DEFAULT, "pins"));
    }

    /** {@link #builtIn()} with the pin files in {@code pinDirectory}, one per user [PM-PIN-1]. */
    static MessagingFactory builtIn(Path pinDirectory) {
        return new MessagingFactory() {
            @Override
            public int peerPort() {
                return DEFAULT_PEER_PORT;
            }

            @Override
            public PeerMessaging open(PeerMessaging.Context context, PeerMessaging.Listener listener, Wiring wiring) {
                PeerConfig config = PeerConfig.defaults();
                try {
                    Files.createDirectories(pinDirectory);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the pin directory " + pinDirectory, e);
                }
                PeerPins pins = new PeerPins(pinDirectory.resolve(context.username() + ".pins"), config.maxPins());
                return new PeerNode(wiring.endpoint(), wiring.transport(), wiring.framing(), wiring.peerPort(), config,
                        pins, new SecureRandom(), context, listener);
            }
        };
    }
}
