@transport @requires-transport.listen @requires-framing.messages
Feature: Congestion control seen from the wire: the window halves after a fast retransmit, falls to one segment after a timeout, then grows again
  The tester opens a connection to the node by hand and is the receiver of a bulk transfer the node sends (a
  640 KiB message, more than the scenarios need, so the node always has data waiting; the tester's window is
  1 MiB). It also plays the network: the ACK that completes the open, and then the acknowledgement of every data
  segment that arrives, go out 100 ms later (ack_num up to the first hole, SACK blocks above it, ts_ecr echoing
  the segment), so the connection has a round trip of 100 ms from its first RTT sample on, long beside the time
  the node needs to send a window; and it loses the segments the scenario says. The node's timers run five times
  slower ({time_scale} 5.0: min_rto 1 s [TR-RTX-2]), so that a tester late by a few scheduling slices on a busy
  machine does not set off a retransmission timeout the scenario did not ask for. A segment's round trip is told
  by its ts_ecr, which echoes the ts_val of the latest acknowledgement the node had processed when it sent it
  [TR-ACK-1]: a segment sent after the acknowledgement of a round-k segment belongs to round k + 1. It counts the node's bytes in flight as it sees them: the bytes of every transmission that
  arrived and whose acknowledgement it has not yet sent (a segment it lost counts nothing, as the node's pipe
  stops counting it once it presumes it lost [TR-LOSS-4]). The flight of the rules [TR-FR-1] [TR-RTX-4] is
  SND.NXT - SND.UNA, which the tester reads as the highest stream offset the node sent minus its own cumulative
  acknowledgement.

  The tolerances come from the rules [TR-CC-2]: after a fast retransmit the node sets ssthresh =
  max(flight / 2, 2 x MSS) and cwnd = ssthresh [TR-FR-1], and once the segments sent before it are acknowledged
  (one round trip after it) its pipe stays within cwnd [TR-CC-1] [TR-LOSS-4], which congestion avoidance grows by
  at most one MSS per round trip: over the two round trips observed, at most ssthresh + 2 segments, and one more
  segment for where the node took its flight. The window halves, it does not collapse: at least a quarter of the
  flight. After a retransmission timeout cwnd = 1 x MSS [TR-RTX-4]: the retransmitted segment is alone in
  flight until the tester acknowledges it: nothing else may be sent in its round trip within 150 ms of it by the
  node's clock (a tail loss probe is due only 2 x SRTT = 200 ms after it [TR-LOSS-3]). Then slow start adds the bytes acknowledged [TR-CC-1]: the flight at most doubles per round trip, and grows to
  8 segments, or to ssthresh (half the flight when the timer fired) if that is less, within 6 round trips
  (1, 2, 4, 8 segments by the rules).

  @TR-CC-1 @TR-CC-2 @TR-FR-1 @TR-LOSS-1 @TR-LOSS-4
  Scenario: After a fast retransmit the sender keeps about half the flight it had before the loss
    Given the nodes run with transport timers scaled by 5.0
    And node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand, acknowledging the node's SYN|ACK 100 ms after it arrives
    When node "A" sends a 655360-byte test pattern with seed 61 on the tester's connection
    And the tester receives node "A"'s stream, acknowledging each segment 100 ms after it arrives, and loses the first segment at or beyond stream offset 40960 until node "A" retransmits it
    Then once the segments sent before its fast retransmit are acknowledged, node "A" has in flight over the next 2 round trips at most half its flight before the loss plus 3 segments, and at least a quarter of it

  @TR-CC-1 @TR-CC-2 @TR-RTX-4 @TR-RTX-5 @TR-LOSS-4
  Scenario: After a retransmission timeout the sender has one segment in flight, then its flight grows again
    Given the nodes run with transport timers scaled by 5.0
    And node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand, acknowledging the node's SYN|ACK 100 ms after it arrives
    When node "A" sends a 655360-byte test pattern with seed 62 on the tester's connection
    And the tester receives node "A"'s stream, acknowledging each segment 100 ms after it arrives, until node "A" has sent 48 KiB
    And the tester then loses every segment of node "A" until node "A" retransmits the oldest one it has not had acknowledged, within 10 seconds
    Then node "A" sends nothing more until the tester acknowledges that retransmission
    And node "A"'s flight grows again as the tester acknowledges it, at most doubling each round trip, to at least 8 segments or half its flight when the timer fired within 6 round trips
