@transport @requires-transport.listen @requires-framing.messages
Feature: A segment that is never acknowledged is retransmitted on every timer expiry, the RTO doubling
  The tester opens a connection to the node by hand and plays the receiver: it acknowledges every data
  segment the node sends, cumulatively up to the first hole and with SACK blocks above it, except the
  third, which it never acknowledges (it acknowledges nothing beyond it cumulatively). The node may
  repair it first by fast retransmit [TR-FR-1] and by at most three tail loss probes [TR-LOSS-3]; after
  those only the retransmission timer is left, and each of its expiries MUST retransmit the oldest
  unacknowledged segment [TR-RTX-4], doubling the RTO up to max_rto [TR-RTX-3], until the expiry after
  max_retransmissions (8) ends the connection [TR-RTX-6]. So the tester sees that segment at least 8 more
  times, and the time between its last transmissions grows: a tail loss probe may sit between two expiries,
  so each span of two gaps must be at least 1.5 x the span before (the spec says 2 x per expiry; the rest
  is left to timer granularity and a loaded machine), or the span before is near max_rto. The node runs its transport timers
  ten times faster ({time_scale} 0.1): min_rto 20 ms [TR-RTX-2], max_rto 3 s, so the 9 expiries take at
  most about 9 s.

  @TR-RTX-2 @TR-RTX-3 @TR-RTX-4 @TR-RTX-6 @TR-LOSS-3
  Scenario: A segment the receiver never acknowledges is retransmitted with doubling intervals
    Given the nodes run with transport timers scaled by 0.1
    And node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand
    When node "A" sends a 20480-byte test pattern with seed 71 on the tester's connection
    Then the tester, acknowledging every data segment but the third, sees node "A" retransmit that one at least 8 times, at intervals that double, within 25 seconds
