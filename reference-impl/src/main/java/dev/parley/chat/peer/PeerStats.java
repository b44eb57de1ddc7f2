package dev.parley.chat.peer;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of a node's peer sessions: drops and refusals by canonical code, RSA operations, texts delivered. */
public final class PeerStats {
    private final Map<PeerCode, AtomicLong> byCode = new EnumMap<>(PeerCode.class);
    private final AtomicLong privateKeyOps = new AtomicLong();
    private final AtomicLong publicKeyOps = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    public PeerStats() {
        for (PeerCode c : PeerCode.values()) {
            byCode.put(c, new AtomicLong());
        }
    }

    public void count(PeerCode c) {
        byCode.get(c).incrementAndGet();
    }

    public long get(PeerCode c) {
        return byCode.get(c).get();
    }

    void privateKeyOp() {
        privateKeyOps.incrementAndGet();
    }

    void publicKeyOp() {
        publicKeyOps.incrementAndGet();
    }

    void deliver() {
        delivered.incrementAndGet();
    }

    /** RSA private-key operations (PSS signatures and OAEP decryptions) so far. */
    public long privateKeyOps() {
        return privateKeyOps.get();
    }

    public long publicKeyOps() {
        return publicKeyOps.get();
    }

    public long delivered() {
        return delivered.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        byCode.forEach((k, v) -> {
            if (v.get() > 0) {
                m.put(k.code(), v.get());
            }
        });
        m.put("private_key_ops", privateKeyOps.get());
        m.put("public_key_ops", publicKeyOps.get());
        m.put("delivered", delivered.get());
        return m;
    }
}
