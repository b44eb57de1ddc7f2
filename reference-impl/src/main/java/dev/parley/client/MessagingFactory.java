package dev.parley.client;

import dev.parley.chat.peer.PeerMessaging;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.TransportEndpoint;

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
     * The engine this build ships with: {@link #UNAVAILABLE} until the messaging engine is plugged in here. With
     * {@code dev.parley.chat.peer.PeerNode} that is an anonymous factory whose {@code peerPort()} is
     * {@link #DEFAULT_PEER_PORT} and whose {@code open(ctx, listener, w)} returns
     * {@code new PeerNode(w.endpoint(), w.transport(), w.framing(), w.peerPort(), PeerConfig.defaults(),
     * new PeerPins(pinsFile, capacity), new SecureRandom(), ctx, listener)} (checked against the peer8 branch:
     * TmuxClientsTest's messaging test and a JSON-mode exchange both ways pass with it; the pins file is to choose).
     */
    static MessagingFactory builtIn() {
        return UNAVAILABLE;
    }
}
