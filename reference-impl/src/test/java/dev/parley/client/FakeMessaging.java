package dev.parley.client;

import dev.parley.chat.Suite1;
import dev.parley.chat.peer.PeerMessaging;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory stand-in for the messaging engine (test only): the clients of one hub hand messages to each other
 * directly, but find each other the real way, through {@link PeerMessaging.Context#lookup} on their server
 * sessions, and pin each peer's key the first time they see it, so the client's wiring (context, listener, results)
 * is exercised end to end.
 */
final class FakeMessaging implements MessagingFactory {
    private final Map<String, Peer> online = new ConcurrentHashMap<>();
    /** Per sender, the fingerprints it pinned; a test may plant a wrong one to provoke a key change. */
    final Map<String, Map<String, String>> pins = new ConcurrentHashMap<>();

    @Override
    public int peerPort() {
        return 7;
    }

    @Override
    public PeerMessaging open(PeerMessaging.Context context, PeerMessaging.Listener listener, Wiring wiring) {
        if (context.identityKey() == null || context.identitySpki() == null) {
            throw new IllegalStateException("opened before the identity key was known");
        }
        Peer p = new Peer(context, listener);
        online.put(context.username(), p);
        return p;
    }

    private final class Peer implements PeerMessaging {
        final Context context;
        final Listener listener;

        Peer(Context context, Listener listener) {
            this.context = context;
            this.listener = listener;
        }

        @Override
        public CompletableFuture<List<SendResult>> send(List<String> recipients, String text) {
            List<CompletableFuture<SendResult>> each = new ArrayList<>();
            for (String r : recipients) {
                each.add(context.lookup(r).handle((found, failure) -> {
                    if (failure != null) {
                        return new SendResult(r, Outcome.FAILED, "session gone");
                    }
                    if (found.isEmpty()) {
                        return new SendResult(r, Outcome.OFFLINE, "");
                    }
                    String presented = Suite1.fingerprint(found.get().spki());
                    Map<String, String> mine = pins.computeIfAbsent(context.username(), k -> new ConcurrentHashMap<>());
                    String pinned = mine.putIfAbsent(r, presented);
                    if (pinned != null && !pinned.equals(presented)) {
                        listener.onKeyChanged(r, pinned, presented);
                        return new SendResult(r, Outcome.KEY_CHANGED, "");
                    }
                    Peer to = online.get(r);
                    if (to == null) {
                        return new SendResult(r, Outcome.FAILED, "no answer");
                    }
                    to.listener.onMessage(context.username(), text, System.currentTimeMillis());
                    return new SendResult(r, Outcome.DELIVERED, "");
                }));
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
        }

        @Override
        public Optional<String> pinnedFingerprint(String user) {
            return Optional.ofNullable(pins.getOrDefault(context.username(), Map.of()).get(user));
        }

        @Override
        public void close() {
            online.remove(context.username(), this);
        }
    }
}
