package dev.parley.conformance.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.iut.IutException;
import dev.parley.conformance.iut.Verdict;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code transport} member of the {@code stats} result (spec/conformance.md, "Connections and
 * their events"): counters keyed by implementation-defined names, except that drops carry the
 * canonical {@code TR_*} codes. A drop code is found as a member of that name, as the last part of a
 * dotted name ({@code "dropped.TR_BAD_FLAGS"}), or inside a nested object
 * ({@code "dropped": {"TR_BAD_FLAGS": 1}}); where it is absent it counts as zero.
 */
public record TransportCounters(JsonNode transport) {

    /** The canonical codes of the segment format checks [TR-SEG-6]. */
    public static final List<String> FORMAT_CODES = List.of("TR_TRUNCATED", "TR_BAD_LENGTH", "TR_BAD_FLAGS",
            "TR_BAD_SACK", "TR_BAD_PORT");

    /**
     * Reads the {@code transport} member of a stats result.
     *
     * @throws IutException WRONG if it is missing or not an object
     */
    public static TransportCounters from(JsonNode statsResult) {
        JsonNode transport = statsResult.get("transport");
        if (transport == null || !transport.isObject()) {
            throw new IutException(Verdict.WRONG, "the stats result of a node with a transport lacks an object "
                    + "\"transport\" (spec/conformance.md section 6.1): " + statsResult);
        }
        return new TransportCounters(transport);
    }

    /** Segments dropped under the canonical {@code code}. */
    public long dropped(String code) {
        return find(transport, code, 0);
    }

    private static long find(JsonNode object, String code, int depth) {
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject() && depth == 0) {
                total += find(value, code, depth + 1);
            } else if ((name.equals(code) || name.endsWith("." + code)) && value.canConvertToLong()) {
                total += value.asLong();
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
