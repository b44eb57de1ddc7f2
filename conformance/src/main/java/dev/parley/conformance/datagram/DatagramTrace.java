package dev.parley.conformance.datagram;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last datagrams a scenario exchanged, for failure messages: a bounded ring of entries (time,
 * from, to, length, leading bytes in hex). Endpoints print with the role names registered through
 * {@link #name}. Thread-safe.
 */
public final class DatagramTrace {

    /** One datagram seen by the suite. */
    public record Entry(long atNanos, InetSocketAddress from, InetSocketAddress to, int length, byte[] head,
                        String note) {
    }

    private static final int HEAD_BYTES = 48;

    private final int capacity;
    private final long startNanos = System.nanoTime();
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Map<InetSocketAddress, String> names = new ConcurrentHashMap<>();
    private long total;

    public DatagramTrace(int capacity) {
        if (capacity < 1 || capacity > 10_000) {
            throw new IllegalArgumentException("capacity must be within [1, 10000], was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Prints {@code address} as {@code role} from now on. */
    public void name(InetSocketAddress address, String role) {
        names.put(address, role);
    }

    public void record(InetSocketAddress from, InetSocketAddress to, byte[] datagram, String note) {
        Entry entry = new Entry(System.nanoTime(), from, to, datagram.length,
                Arrays.copyOf(datagram, Math.min(HEAD_BYTES, datagram.length)), note);
        synchronized (entries) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(entry);
            total++;
        }
    }

    /** Datagrams recorded since the start, including those the ring no longer holds. */
    public long total() {
        synchronized (entries) {
            return total;
        }
    }

    /** The last {@code limit} entries, oldest first, one line each. */
    public List<String> render(int limit) {
        List<Entry> copy;
        synchronized (entries) {
            copy = new ArrayList<>(entries);
        }
        List<String> lines = new ArrayList<>();
        for (Entry e : copy.subList(Math.max(0, copy.size() - limit), copy.size())) {
            String hex = TesterCodec.hex(e.head()) + (e.length() > e.head().length
                    ? "... (+" + (e.length() - e.head().length) + " bytes)" : "");
            lines.add(String.format("+%9.3f ms %s -> %s %5d B %s%s", (e.atNanos() - startNanos) / 1e6,
                    label(e.from()), label(e.to()), e.length(), hex, e.note() == null ? "" : "  (" + e.note() + ")"));
        }
        return lines;
    }

    private String label(InetSocketAddress address) {
        if (address == null) {
            return "?";
        }
        String name = names.get(address);
        String where = address.getAddress().getHostAddress() + ":" + address.getPort();
        return name == null ? where : name + "(" + where + ")";
    }
}
