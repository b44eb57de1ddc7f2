package dev.parley.conformance.datagram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.iut.IutException;
import dev.parley.conformance.iut.Verdict;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of the contract's {@code stats} op: {@code {"received":n,"sent":n,
 * "delivered":{"control":n,"transport":n},"dropped":{"DG_BAD_CHECKSUM":n,...},
 * "unreachable_sent":n,"echo_replies_sent":n,"rate_limited":n}}. A code or protocol the IUT leaves
 * out of {@code dropped} or {@code delivered} counts as zero.
 */
public record NodeStats(long received, long sent, Map<String, Long> delivered, Map<String, Long> dropped,
                        long unreachableSent, long echoRepliesSent, long rateLimited, String json) {

    public NodeStats {
        delivered = Map.copyOf(delivered);
        dropped = Map.copyOf(dropped);
    }

    /**
     * Reads a stats result.
     *
     * @throws IutException WRONG if a field the contract names is missing or not a count
     */
    public static NodeStats from(JsonNode result) {
        return new NodeStats(count(result, "received"), count(result, "sent"), counts(result, "delivered"),
                counts(result, "dropped"), count(result, "unreachable_sent"), count(result, "echo_replies_sent"),
                count(result, "rate_limited"), result.toString());
    }

    public long dropped(DropCode code) {
        return dropped.getOrDefault(code.name(), 0L);
    }

    /** Deliveries to a protocol by its registry name ({@code control}, {@code transport}). */
    public long delivered(String protocol) {
        return delivered.getOrDefault(protocol, 0L);
    }

    /** Sum of the drops of the datagram layer's own checks (the {@code DG_} codes). */
    public long datagramDrops() {
        return dropped.entrySet().stream().filter(e -> e.getKey().startsWith("DG_")).mapToLong(Map.Entry::getValue).sum();
    }

    /** Sum of all deliveries. */
    public long deliveries() {
        return delivered.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return json;
    }

    private static long count(JsonNode result, String field) {
        JsonNode value = result.get(field);
        if (value == null || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IutException(Verdict.WRONG, "stats result lacks a count \"" + field + "\": " + result);
        }
        return value.asLong();
    }

    private static Map<String, Long> counts(JsonNode result, String field) {
        JsonNode object = result.get(field);
        if (object == null || !object.isObject()) {
            throw new IutException(Verdict.WRONG, "stats result lacks an object \"" + field + "\": " + result);
        }
        Map<String, Long> counts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                throw new IutException(Verdict.WRONG, "stats \"" + field + "\"." + e.getKey() + " is not a count: "
                        + result);
            }
            counts.put(e.getKey(), e.getValue().asLong());
        }
        return counts;
    }
}
