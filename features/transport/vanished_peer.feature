@transport @requires-transport.listen @requires-transport.connect @requires-framing.messages
Feature: A peer that vanishes mid-transfer is detected in bounded time
  Node B reaches node A through the relay, which here impairs nothing and only watches the transfer
  go by; once it has carried part of a 16 MiB message, node B's process is killed: no FIN, no RST,
  no goodbye. The nodes run with their transport timers scaled by 0.05 ({time_scale}), so the
  spec's bounds shrink twenty times: while data is outstanding, 8 retransmissions and one more
  expiry, each at most max_rto = 30 s x 0.05 after the one before, the first at most max_rto after
  the last acknowledgement, so at most 9 x 1.5 s = 13.5 s [TR-RTX-6] [TR-FAIL-1] (tail loss probes
  do not push the RTO later [TR-LOSS-3]); the idle timeout, 60 s x 0.05 = 3 s, when
  nothing is [TR-KEEP-3]. Either way the survivor reports the connection closed once, with
  TR_TIMEOUT [TR-FAIL-1].

  Background:
    Given the nodes run with transport timers scaled by 0.05
    And node "A" listens on port 7
    And node "B" connects to node "A" port 7 through the relay
    And the connection opens on both nodes within 5 seconds

  @TR-FAIL-1 @TR-RTX-6 @TR-INV-4 @FR-SEND-4 @CF-OP-6
  Scenario: A sender whose receiver vanishes mid-transfer ends the connection with TR_TIMEOUT
    When node "A" sends a 16 MiB test pattern with seed 31 on that connection
    And node "B" vanishes after the relay has carried 100 datagrams of the transfer
    Then node "A" reports that connection closed with TR_TIMEOUT within 15 seconds
    And node "A"'s send on that connection fails with TR_TIMEOUT within 5 seconds

  @TR-FAIL-1 @TR-KEEP-3 @TR-INV-4
  Scenario: A receiver whose sender vanishes mid-transfer ends the connection with TR_TIMEOUT
    When node "B" sends a 16 MiB test pattern with seed 32 on that connection
    And node "B" vanishes after the relay has carried 100 datagrams of the transfer
    Then node "A" reports that connection closed with TR_TIMEOUT within 10 seconds
