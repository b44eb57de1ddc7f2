package dev.parley.datagram;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one {@link DatagramEndpoint}. Written by the loop thread, readable from any thread
 * (the conformance adapter's {@code stats} request reads them) [DG-DROP-2].
 */
public final class DatagramStats {

    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendFailed = new AtomicLong();
    final AtomicLong unreachableSent = new AtomicLong();
    final AtomicLong echoRepliesSent = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLongArray deliveredByProtocol = new AtomicLongArray(256);
    final AtomicLongArray droppedByReason = new AtomicLongArray(DropReason.values().length);

    void countDrop(DropReason reason) {
        droppedByReason.incrementAndGet(reason.ordinal());
    }

    public long received() {
        return received.get();
    }

    public long sent() {
        return sent.get();
    }

    public long dropped(DropReason reason) {
        return droppedByReason.get(reason.ordinal());
    }

    public long delivered(int protocol) {
        return deliveredByProtocol.get(protocol);
    }

    public long unreachableSent() {
        return unreachableSent.get();
    }

    public long echoRepliesSent() {
        return echoRepliesSent.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }

    public long sendFailed() {
        return sendFailed.get();
    }

    /** Every drop count, including zeros, by canonical code. */
    public Map<DropReason, Long> droppedByReason() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            out.put(reason, dropped(reason));
        }
        return out;
    }

    /** The counters as the conformance contract's {@code stats} result (spec/conformance.md). */
    public Map<String, Object> toContractMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("received", received());
        out.put("sent", sent());
        Map<String, Long> delivered = new LinkedHashMap<>();
        delivered.put("control", delivered(DatagramCodec.PROTOCOL_CONTROL));
        delivered.put("transport", delivered(DatagramCodec.PROTOCOL_TRANSPORT));
        out.put("delivered", delivered);
        Map<String, Long> dropped = new LinkedHashMap<>();
        droppedByReason().forEach((reason, count) -> dropped.put(reason.name(), count));
        out.put("dropped", dropped);
        out.put("unreachable_sent", unreachableSent());
        out.put("echo_replies_sent", echoRepliesSent());
        out.put("rate_limited", rateLimited());
        out.put("send_failed", sendFailed());
        return out;
    }

    @Override
    public String toString() {
        return "DatagramStats" + toContractMap();
    }
}
