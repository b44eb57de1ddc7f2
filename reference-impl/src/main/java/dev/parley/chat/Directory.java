package dev.parley.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The online users: session, endpoint, public key [CH-PRES-1]. One event loop owns it. */
public final class Directory {
    /** One online user. */
    public record Entry(String username, Endpoint endpoint, byte[] publicKeySpki, LoginServer session) {
    }

    private final int maxSessions;
    private final Map<String, Entry> online = new TreeMap<>();

    public Directory(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** Registers a session; returns the one it replaces, if any [CH-PRES-4]; null also when full (refused). */
    public Entry register(Entry e) {
        Entry old = online.put(e.username(), e);
        if (old == null && online.size() > maxSessions) {
            online.remove(e.username());
            throw new IllegalStateException("directory full");
        }
        return old;
    }

    public boolean hasRoom(String username) {
        return online.containsKey(username) || online.size() < maxSessions;
    }

    /** Removes the user if this session is still the registered one [CH-PRES-3]. */
    public void unregister(String username, LoginServer session) {
        Entry e = online.get(username);
        if (e != null && e.session() == session) {
            online.remove(username);
        }
    }

    /** Online users sorted by octets [CH-REQ-2]. */
    public List<String> list() {
        return Collections.unmodifiableList(new ArrayList<>(online.keySet()));
    }

    public Entry lookup(String username) {
        return online.get(username);
    }

    public int size() {
        return online.size();
    }
}
