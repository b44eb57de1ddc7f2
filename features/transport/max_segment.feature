@transport @requires-transport.listen @requires-transport.connect @requires-framing.messages
Feature: Each end learns the other's largest segment when the connection opens
  A node configured for larger packets than the default may receive them, but its peer may not:
  the datagram layer drops a packet longer than its own maximum [DG-MTU-3]. So a SYN or SYN|ACK
  announces its sender's largest segment in its open option when that differs from the default
  [TR-MSS-1], and no end sends a segment longer than both its own and its peer's maximum, nor
  longer than the default (1192 bytes, packets of 1200) before it has heard the peer's SYN or
  SYN|ACK [TR-MSS-2]. A node run with 1500-byte packets and a default peer therefore exchange
  data in both directions, whichever of them opens.

  @TR-MSS-1 @TR-MSS-2 @DG-MTU-4
  Scenario: A node with 1500-byte packets and a default peer exchange 64 KiB both ways, the large node listening
    Given node "A" is running with a maximum packet size of 1500 bytes
    And node "B" is running
    And node "A" listens on port 7
    When node "B" connects to node "A" port 7
    Then the connection opens on both nodes within 5 seconds
    When node "A" sends a 64 KiB test pattern with seed 61 on that connection
    And node "B" sends a 64 KiB test pattern with seed 62 on that connection
    Then node "A" receives it intact within 10 seconds
    And node "B" receives it intact within 10 seconds

  @TR-MSS-1 @TR-MSS-2 @DG-MTU-4
  Scenario: A node with 1500-byte packets and a default peer exchange 64 KiB both ways, the large node connecting
    Given node "A" is running with a maximum packet size of 1500 bytes
    And node "B" is running
    And node "B" listens on port 7
    When node "A" connects to node "B" port 7
    Then the connection opens on both nodes within 5 seconds
    When node "A" sends a 64 KiB test pattern with seed 63 on that connection
    And node "B" sends a 64 KiB test pattern with seed 64 on that connection
    Then node "A" receives it intact within 10 seconds
    And node "B" receives it intact within 10 seconds
