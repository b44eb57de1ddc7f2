package dev.parley.transport;

/**
 * What {@link TransportEndpoint#onSegment} did with a segment. {@link Outcome#NO_LISTENER} asks the datagram
 * layer to answer with a port unreachable for {@code port} [TR-DEMUX-2].
 */
public record SegmentVerdict(Outcome outcome, int port) {

    public enum Outcome { ACCEPTED, DROPPED, NO_LISTENER }

    public static final SegmentVerdict ACCEPTED = new SegmentVerdict(Outcome.ACCEPTED, 0);
    public static final SegmentVerdict DROPPED = new SegmentVerdict(Outcome.DROPPED, 0);

    public static SegmentVerdict noListener(int port) {
        return new SegmentVerdict(Outcome.NO_LISTENER, port);
    }
}
