package dev.parley.chat.peer;

import dev.parley.chat.DeterministicRandom;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * In-memory wiring of peer sessions with a test clock: every effect (a message, a connection opening or closing, a
 * look-up answer) is a task run in order by {@link #pump()}, never re-entrantly, as on a node's loop.
 */
final class PeerHarness {
    long nowMs = 1_700_000_000_000L;
    PeerConfig config = PeerConfig.defaults();
    /** What look-ups answer: user to SPKI; absent = not online. */
    final Map<String, byte[]> directory = new HashMap<>();
    final Deque<Runnable> tasks = new ArrayDeque<>();
    final SecureRandom random = new DeterministicRandom("peer harness");

    PeerHarness() {
        for (String u : PeerTestKeys.KEYS.keySet()) {
            directory.put(u, PeerTestKeys.spki(u));
        }
    }

    final class User implements PeerSession.Events {
        final String name;
        final PeerStats stats = new PeerStats();
        final PeerPins pins;
        final PeerSession.Shared shared;
        final List<String> delivered = new ArrayList<>();
        final List<String> alarms = new ArrayList<>();
        int closedSessions;

        User(String name) {
            this.name = name;
            this.pins = new PeerPins(null, 100);
            this.shared = new PeerSession.Shared(config, name, PeerTestKeys.of(name).getPrivate(),
                    PeerTestKeys.spki(name), pins, new OpenReplayCache(1024), stats, random);
        }

        @Override
        public void delivered(PeerSession s, String sender, String text, long sentAtMs) {
            delivered.add(sender + ": " + text);
        }

        @Override
        public void keyChanged(String user, String pinned, String presented) {
            alarms.add(user + " " + pinned + " -> " + presented);
        }

        @Override
        public void closed(PeerSession s) {
            closedSessions++;
        }
    }

    User user(String name) {
        return new User(name);
    }

    /** One peer connection: an initiator session at {@code from}, a responder session at {@code to}. */
    final class Link {
        final User from;
        final User to;
        final PeerSession a;
        final PeerSession b;
        final List<byte[]> aSent = new ArrayList<>();
        final List<byte[]> bSent = new ArrayList<>();
        final List<String> outcomes = new ArrayList<>();
        final List<String> bOutcomes = new ArrayList<>();
        /** What reaches b of what a sent (null: dropped), and the other way. */
        UnaryOperator<byte[]> toB = UnaryOperator.identity();
        UnaryOperator<byte[]> toA = UnaryOperator.identity();
        boolean reachable = true;
        boolean aAborted;
        boolean bClosed;

        Link(User from, User to) {
            this.from = from;
            this.to = to;
            this.b = PeerSession.responder(to.shared, new PeerSession.Wire() {
                public void send(byte[] m) {
                    bSent.add(m);
                    tasks.add(() -> {
                        byte[] x = toA.apply(m);
                        if (x != null) {
                            a.onMessage(x, nowMs);
                        }
                    });
                }

                public void close() {
                    bClosed = true;
                    tasks.add(() -> a.onConnectionClosed(nowMs));
                }

                public void abort() {
                    close();
                }

                public void connect() {
                    throw new IllegalStateException("a responder never connects");
                }

                public void lookupSender(String user) {
                    tasks.add(() -> {
                        byte[] k = directory.get(user);
                        if (k == null) {
                            b.onKeyMissing(nowMs);
                        } else {
                            b.onKeyFound(k, nowMs);
                        }
                    });
                }
            }, to);
            this.a = PeerSession.initiator(from.shared, new PeerSession.Wire() {
                public void send(byte[] m) {
                    aSent.add(m);
                    tasks.add(() -> {
                        byte[] x = toB.apply(m);
                        if (x != null) {
                            b.onMessage(x, nowMs);
                        }
                    });
                }

                public void close() {
                    tasks.add(() -> b.onConnectionClosed(nowMs));
                }

                public void abort() {
                    aAborted = true;
                    close();
                }

                public void connect() {
                    tasks.add(() -> {
                        if (reachable) {
                            b.onAccepted(nowMs);
                            a.onConnected(nowMs);
                        }
                    });
                }

                public void lookupSender(String user) {
                    throw new IllegalStateException("an initiator looks up before it opens");
                }
            }, from, to.name, directory.get(to.name));
        }

        void send(String text) {
            a.send(text, (o, d) -> outcomes.add(o + (d.isEmpty() ? "" : " " + d)), nowMs);
            pump();
        }

        void reply(String text) {
            b.send(text, (o, d) -> bOutcomes.add(o + (d.isEmpty() ? "" : " " + d)), nowMs);
            pump();
        }
    }

    Link link(User from, User to) {
        return new Link(from, to);
    }

    void pump() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    void advance(long ms, PeerSession... sessions) {
        nowMs += ms;
        for (PeerSession s : sessions) {
            s.onTimer(nowMs);
        }
        pump();
    }
}
