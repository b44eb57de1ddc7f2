package dev.parley.transport;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counters of one endpoint; drops are counted per canonical code [TR-ERR-1]. */
public final class TransportStats {

    private final EnumMap<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
    long segmentsReceived;
    long segmentsSent;
    long bytesDelivered;
    long retransmissions;
    long fastRetransmits;
    long tailLossProbes;
    /** Tail loss probes found spurious by the timestamp echo [TR-LOSS-5]. */
    long spuriousProbes;
    long retransmissionTimeouts;
    long timeouts;
    long connectionsOpened;
    long resetsSent;
    long zeroWindowProbes;
    long cookiesSent;
    long cookieOpens;
    long unreachableIgnored;
    long timeWaitEvicted;

    void drop(DropReason reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    public long segmentsReceived() {
        return segmentsReceived;
    }

    public long segmentsSent() {
        return segmentsSent;
    }

    public long retransmissions() {
        return retransmissions;
    }

    public long fastRetransmits() {
        return fastRetransmits;
    }

    public long retransmissionTimeouts() {
        return retransmissionTimeouts;
    }

    public long tailLossProbes() {
        return tailLossProbes;
    }

    public long spuriousProbes() {
        return spuriousProbes;
    }

    /** All counters by name, drops as {@code dropped.<CODE>}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("segments_received", segmentsReceived);
        out.put("segments_sent", segmentsSent);
        out.put("bytes_delivered", bytesDelivered);
        out.put("retransmissions", retransmissions);
        out.put("fast_retransmits", fastRetransmits);
        out.put("tail_loss_probes", tailLossProbes);
        out.put("retransmission_timeouts", retransmissionTimeouts);
        out.put("timeouts", timeouts);
        out.put("connections_opened", connectionsOpened);
        out.put("resets_sent", resetsSent);
        out.put("zero_window_probes", zeroWindowProbes);
        out.put("cookies_sent", cookiesSent);
        out.put("cookie_opens", cookieOpens);
        out.put("unreachable_ignored", unreachableIgnored);
        out.put("time_wait_evicted", timeWaitEvicted);
        dropped.forEach((k, v) -> out.put("dropped." + k.name(), v));
        return out;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
