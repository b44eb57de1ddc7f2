package dev.parley.conformance.relay;

/**
 * What an {@link ImpairmentRelay} did to one direction so far.
 *
 * @param received     datagrams that entered the relay in this direction
 * @param lost         datagrams dropped on purpose (loss)
 * @param duplicated   datagrams forwarded a second time
 * @param corrupted    copies with one bit flipped
 * @param heldBack     copies held back so that later datagrams could overtake them (reordering)
 * @param forwarded    copies sent on towards their destination
 * @param outOfOrder   copies sent after a datagram that entered the relay later than they did
 * @param overflowed   datagrams dropped because a bound was reached (queue full, too many clients,
 *                     socket send buffer full), never on purpose
 */
public record RelayCounts(long received, long lost, long duplicated, long corrupted, long heldBack,
                          long forwarded, long outOfOrder, long overflowed) {

    @Override
    public String toString() {
        return "received=" + received + " lost=" + lost + " duplicated=" + duplicated + " corrupted=" + corrupted
                + " held_back=" + heldBack + " forwarded=" + forwarded + " out_of_order=" + outOfOrder
                + " overflowed=" + overflowed;
    }
}
