package dev.parley.transport;

/**
 * Procedure {@code SentSegments}: the sender's scoreboard (RFC 6675) kept per segment in flight, oldest first,
 * contiguous in sequence space from SND.UNA to SND.NXT. Each entry has its range {@code [seq, end)}, the time it
 * was last sent, and the flags SACKED, LOST (presumed lost, RFC 6675 IsLost or RFC 8985 RACK) and RTX (a
 * retransmission of it is outstanding). It keeps the byte counts that make {@code pipe} O(1):
 * {@code pipe = (SND.NXT - SND.UNA) - sackedBytes - lostBytes + rtxBytes} [TR-LOSS-4]. The table holds at most
 * {@link #capacity()} entries; a sender with a full table sends no new segment [TR-SACK-3] [TR-BOUND-1].
 * No allocation after construction.
 */
final class SentSegments {

    static final byte SACKED = 1;
    static final byte LOST = 2;
    static final byte RTX = 4;

    private final int[] seqs;
    private final int[] ends;
    private final long[] sentNanos;
    private final byte[] flags;
    private final int mask;
    private int head;
    private int count;
    private long sackedBytes;
    private long lostBytes;
    private long rtxBytes;
    /** Lowest index (absolute) that may be LOST without RTX: where {@link #nextLost()} starts looking. */
    private int lostHint;
    /** RFC 8985 RACK.xmit_ts: the latest send time of any segment known delivered; 0 when none. */
    private long rackXmitNanos;
    private boolean rackValid;
    /** Bytes LOST and not retransmitted since: what NextSeg rule 1 still has to send. */
    private long pendingBytes;
    private boolean newlyLost;
    private int lowestNewlyLost;

    /** @param maxEntries at least 1; rounded up to a power of two */
    SentSegments(int maxEntries) {
        int cap = Integer.highestOneBit(Math.max(1, maxEntries - 1)) << 1;
        seqs = new int[cap];
        ends = new int[cap];
        sentNanos = new long[cap];
        flags = new byte[cap];
        mask = cap - 1;
    }

    int capacity() {
        return seqs.length;
    }

    int size() {
        return count;
    }

    boolean full() {
        return count == seqs.length;
    }

    long sackedBytes() {
        return sackedBytes;
    }

    long lostBytes() {
        return lostBytes;
    }

    long rtxBytes() {
        return rtxBytes;
    }

    boolean rackValid() {
        return rackValid;
    }

    long rackXmitNanos() {
        return rackXmitNanos;
    }

    int seq(int i) {
        return seqs[(head + i) & mask];
    }

    int end(int i) {
        return ends[(head + i) & mask];
    }

    long sentNanos(int i) {
        return sentNanos[(head + i) & mask];
    }

    byte flags(int i) {
        return flags[(head + i) & mask];
    }

    void clear() {
        head = 0;
        count = 0;
        sackedBytes = 0;
        lostBytes = 0;
        rtxBytes = 0;
        pendingBytes = 0;
        lostHint = 0;
        rackValid = false;
        rackXmitNanos = 0;
    }

    /** A new segment [seq, end), sent at {@code nowNanos}; the caller checks {@link #full()} first. */
    void onSent(int seq, int end, long nowNanos) {
        int p = (head + count) & mask;
        seqs[p] = seq;
        ends[p] = end;
        sentNanos[p] = nowNanos;
        flags[p] = 0;
        count++;
    }

    /** Entry {@code i} was retransmitted at {@code nowNanos}. */
    void onRetransmitted(int i, long nowNanos) {
        int p = (head + i) & mask;
        if ((flags[p] & RTX) == 0) {
            flags[p] |= RTX;
            rtxBytes += ends[p] - seqs[p];
            if ((flags[p] & LOST) != 0) {
                pendingBytes -= ends[p] - seqs[p];
            }
        }
        sentNanos[p] = nowNanos;
    }

    /**
     * Removes what {@code ack} acknowledges cumulatively and records the RACK delivery time [TR-LOSS-2].
     *
     * @param minRttNanos retransmitted entries acknowledged sooner than this after their retransmission are
     *                    taken as acknowledging the original (RFC 8985 section 6.2 step 2) and give no RACK time
     */
    void onCumulativeAck(int ack, long nowNanos, long minRttNanos) {
        while (count > 0) {
            int p = head & mask;
            if (SeqNum.leq(ends[p], ack)) {
                deliveredForRack(p, nowNanos, minRttNanos);
                forget(p, ends[p] - seqs[p]);
                head++;
                count--;
                if (lostHint - head < 0) {
                    lostHint = head;
                }
            } else {
                if (SeqNum.lt(seqs[p], ack)) {
                    // A partial acknowledgement of the head entry (a probe or a split segment): trim it.
                    int cut = ack - seqs[p];
                    if ((flags[p] & SACKED) == 0) {
                        if ((flags[p] & LOST) != 0) {
                            lostBytes -= cut;
                            if ((flags[p] & RTX) == 0) {
                                pendingBytes -= cut;
                            }
                        }
                        if ((flags[p] & RTX) != 0) {
                            rtxBytes -= cut;
                        }
                    } else {
                        sackedBytes -= cut;
                    }
                    seqs[p] = ack;
                }
                break;
            }
        }
        if (count == 0) {
            head = 0;
            lostHint = 0;
            sackedBytes = 0;
            lostBytes = 0;
            rtxBytes = 0;
            pendingBytes = 0;
        }
    }

    /** Marks every entry inside [left, right) SACKED [TR-SACK-3]; returns the bytes newly SACKed. */
    long onSackBlock(int left, int right, long nowNanos, long minRttNanos) {
        int i = firstEndingAfter(left);
        long newly = 0;
        for (; i < count; i++) {
            int p = (head + i) & mask;
            if (SeqNum.gt(ends[p], right)) {
                break;
            }
            if (SeqNum.lt(seqs[p], left) || (flags[p] & SACKED) != 0) {
                continue;
            }
            int len = ends[p] - seqs[p];
            forget(p, len);
            flags[p] = SACKED;
            sackedBytes += len;
            newly += len;
            deliveredForRack(p, nowNanos, minRttNanos);
        }
        return newly;
    }

    /** Index of the first entry whose end is after {@code seq} (binary search; entries are in sequence order). */
    int firstEndingAfter(int seq) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (SeqNum.leq(ends[(head + mid) & mask], seq)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Procedure {@code DetectLoss} [TR-LOSS-1] [TR-LOSS-2]: marks LOST
     * <ul>
     * <li>an entry never retransmitted with at least {@code dupThreshBytes} SACKed above it (RFC 6675 IsLost);</li>
     * <li>any entry sent before a segment known delivered, once {@code rackWindowNanos} (RACK.rtt + RACK.reo_wnd)
     * have passed since it was sent (RFC 8985 section 6.2); a retransmission found lost this way is retransmitted
     * again.</li>
     * </ul>
     * It walks from the oldest entry and stops where neither rule can apply any more.
     *
     * @return the earliest time at which an entry would become lost by RACK, or {@link Long#MAX_VALUE}; whether
     *     anything was newly marked, and the lowest such sequence number, are in {@link #newlyLost()} and
     *     {@link #lowestNewlyLost()}
     */
    long detectLoss(long nowNanos, long dupThreshBytes, long rackWindowNanos) {
        newlyLost = false;
        long deadline = Long.MAX_VALUE;
        long sackedAbove = sackedBytes;
        for (int i = 0; i < count; i++) {
            int p = (head + i) & mask;
            byte f = flags[p];
            int len = ends[p] - seqs[p];
            if ((f & SACKED) != 0) {
                sackedAbove -= len;
                continue;
            }
            boolean sentBeforeDelivered = rackValid && sentNanos[p] - rackXmitNanos < 0;
            if (sackedAbove <= 0 && !sentBeforeDelivered) {
                // First transmissions are in send order: none after this one can be lost, unless retransmitted.
                if ((f & RTX) == 0 && !anyRtxFrom(i + 1)) {
                    break;
                }
                continue;
            }
            if ((f & LOST) != 0 && (f & RTX) == 0) {
                continue; // already waiting for its retransmission
            }
            boolean lost = f == 0 && sackedAbove >= dupThreshBytes;
            if (!lost && sentBeforeDelivered) {
                long due = sentNanos[p] + rackWindowNanos;
                if (due - nowNanos <= 0) {
                    lost = true;
                } else {
                    deadline = Math.min(deadline, due);
                }
            }
            if (lost) {
                markLost(head + i, p, len);
            }
        }
        return deadline;
    }

    boolean newlyLost() {
        return newlyLost;
    }

    int lowestNewlyLost() {
        return lowestNewlyLost;
    }

    private boolean anyRtxFrom(int i) {
        if (rtxBytes == 0) {
            return false;
        }
        for (int j = i; j < count; j++) {
            if ((flags[(head + j) & mask] & RTX) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Marks entry {@code i} LOST if it was sent once and not SACKed (fallbacks without SACK: RFC 5681, RFC 6582). */
    boolean markLostIfSentOnce(int i) {
        int p = (head + i) & mask;
        if (i >= count || flags[p] != 0) {
            return false;
        }
        newlyLost = false;
        markLost(head + i, p, ends[p] - seqs[p]);
        return true;
    }

    /** RTO [TR-RTX-4]: every entry not SACKED is LOST, and no retransmission is outstanding any more. */
    void markAllLost() {
        lostBytes = 0;
        rtxBytes = 0;
        for (int i = 0; i < count; i++) {
            int p = (head + i) & mask;
            if ((flags[p] & SACKED) == 0) {
                flags[p] = LOST;
                lostBytes += ends[p] - seqs[p];
            }
        }
        pendingBytes = lostBytes;
        lostHint = head;
    }

    /** Procedure {@code NextSeg} rule 1 (RFC 6675): the lowest entry LOST and not retransmitted since; or -1. */
    int nextLost() {
        if (pendingBytes <= 0) {
            return -1;
        }
        for (int abs = lostHint; abs - (head + count) < 0; abs++) {
            int p = abs & mask;
            if ((flags[p] & (LOST | RTX | SACKED)) == LOST) {
                lostHint = abs;
                return abs - head;
            }
        }
        lostHint = head + count;
        return -1;
    }

    private void markLost(int abs, int p, int len) {
        byte f = flags[p];
        if ((f & RTX) != 0) {
            flags[p] &= ~RTX;
            rtxBytes -= len;
        }
        if ((f & LOST) == 0) {
            flags[p] |= LOST;
            lostBytes += len;
        }
        pendingBytes += len;
        if (!newlyLost || SeqNum.lt(seqs[p], lowestNewlyLost)) {
            lowestNewlyLost = seqs[p];
        }
        newlyLost = true;
        if (abs - lostHint < 0) {
            lostHint = abs;
        }
    }

    private void deliveredForRack(int p, long nowNanos, long minRttNanos) {
        if ((flags[p] & RTX) != 0 && nowNanos - sentNanos[p] < minRttNanos) {
            return;
        }
        if (!rackValid || sentNanos[p] - rackXmitNanos > 0) {
            rackXmitNanos = sentNanos[p];
            rackValid = true;
        }
    }

    /** Takes entry {@code p}'s bytes out of the SACKed, lost, pending and retransmitted counts. */
    private void forget(int p, int len) {
        byte f = flags[p];
        if ((f & SACKED) != 0) {
            sackedBytes -= len;
            return;
        }
        if ((f & LOST) != 0) {
            lostBytes -= len;
            if ((f & RTX) == 0) {
                pendingBytes -= len;
            }
        }
        if ((f & RTX) != 0) {
            rtxBytes -= len;
        }
    }
}
