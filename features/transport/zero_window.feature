@transport @requires-transport.listen @requires-framing.messages
Feature: A peer that holds its window at zero is probed, then given up in bounded time
  With data waiting behind a closed window and nothing in flight, a node arms its persist timer and
  sends zero-window probes (the next octet of the stream) with backoff; probes answered with a zero
  window are no progress, so after the retransmission limit the node ends the connection with
  TR_TIMEOUT (spec/transport.md [TR-FLOW-3], [TR-FLOW-4]). The node runs with its transport timers
  scaled by 0.05 ({time_scale}): the RTO is capped at 30 s x 0.05 = 1.5 s, so 9 expiries take at most
  13.5 s.

  Background:
    Given the nodes run with transport timers scaled by 0.05
    And node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand, advertising a zero window

  @TR-FLOW-3 @TR-FLOW-4 @TR-INV-4 @TR-KEEP-1 @TR-RTX-6
  Scenario: A node sends zero-window probes with backoff and ends a connection whose peer never opens its window
    When node "A" sends a 3000-byte test pattern with seed 7 on the tester's connection
    Then the tester receives 4 zero-window probes at growing intervals within 10 seconds, answering each with a zero window
    And node "A" reports the tester's connection closed with TR_TIMEOUT within 20 seconds
