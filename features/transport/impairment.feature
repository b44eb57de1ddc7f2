@transport @requires-transport.listen @requires-transport.connect @requires-framing.messages
Feature: Reliable delivery across an impaired path
  Node B reaches node A through the seeded impairment relay, which loses, reorders, duplicates or
  corrupts datagrams in both directions, data and acknowledgements alike. Whatever it does, the
  transport delivers every byte exactly once and in order [TR-DATA-3] [TR-INV-2]: the message
  arrives whole, with the length and SHA-256 the suite computes from the test pattern's definition.
  The relay's decisions derive from the run seed, so a failure replays with -Dparley.seed.

  Recovery from loss waits for retransmission timers. The nodes run their transport timers ten
  times faster ({time_scale} 0.1): the loopback round trip stays far below every scaled timer, so
  the scaling changes how long the nodes wait, not what they decide. At 30% loss each way a lost
  segment is recovered, or not, by each retransmission with probability 0.7 x 0.7, and the RTO
  doubles after every failure (RFC 6298): the expected wait per lost segment grows without bound
  until max_rto caps it, so a TCP-like sender moves a few segments per second whatever its
  implementation. At that rate the scenario sends 32 KiB each way; 30% is the QUIC interop runner's
  rate for its handshake test, which transfers small files too. Data both ways makes the impairment
  certain: each direction carries at least 28 data segments and the acknowledgements of the other
  direction's, about 45 datagrams or more, and the chance that 30% loss spares all of them is below
  0.7^45 < 10^-6 (with 16 KiB one way, about 18 datagrams toward the node, it was 0.0016: seed
  6583462816195368339 lost none of them). Node B sends right after it connects,
  without waiting for the open: data is queued until the open completes [TR-DATA-1], and it is
  what completes the open on node A if the handshake's last ACK is lost [TR-OPEN-4].

  Background:
    Given the nodes run with transport timers scaled by 0.1
    And node "A" listens on port 7

  @TR-RTX-4 @TR-FR-1 @TR-FR-2 @TR-SACK-1 @TR-DATA-3 @CF-RELAY-1
  Scenario Outline: A message arrives intact through <loss> loss each way
    Given node "B" connects to node "A" port 7 through the relay with <loss> loss each way
    When node "B" sends a <size> test pattern with seed <seed> on that connection
    Then node "A" receives it intact within 30 seconds
    And the relay impaired both directions as configured

    Examples:
      | loss | size    | seed |
      | 10%  | 1 MiB   | 41   |

  @TR-RTX-4 @TR-FR-1 @TR-FR-2 @TR-SACK-1 @TR-DATA-3 @CF-RELAY-1
  Scenario: Messages arrive intact both ways through 30% loss each way
    Given node "B" connects to node "A" port 7 through the relay with 30% loss each way
    When node "B" sends a 32 KiB test pattern with seed 42 on that connection
    And node "A" sends a 32 KiB test pattern with seed 48 on that connection
    Then node "A" receives it intact within 40 seconds
    And node "B" receives it intact within 40 seconds
    And the relay impaired both directions as configured

  @TR-REASM-1 @TR-SACK-1 @TR-DATA-3 @CF-RELAY-1
  Scenario: A message arrives intact through reordering each way
    Given node "B" connects to node "A" port 7 through the relay with 20% reordering each way
    When node "B" sends a 1 MiB test pattern with seed 43 on that connection
    Then node "A" receives it intact within 30 seconds
    And the relay impaired both directions as configured

  @TR-RCV-2 @TR-DATA-3 @CF-RELAY-1
  Scenario: A message arrives intact, once, through duplication each way
    Given node "B" connects to node "A" port 7 through the relay with 20% duplication each way
    When node "B" sends a 1 MiB test pattern with seed 44 on that connection
    Then node "A" receives it intact within 30 seconds
    And the relay impaired both directions as configured

  @TR-SEG-1 @DG-CSUM-2 @TR-DATA-3 @CF-RELAY-1 @requires-datagram.stats
  Scenario: A message arrives intact through corruption each way
    Given node "B" connects to node "A" port 7 through the relay with 10% corruption each way
    When node "B" sends a 1 MiB test pattern with seed 45 on that connection
    Then node "A" receives it intact within 30 seconds
    And the relay impaired both directions as configured
    And node "A"'s datagram layer dropped no more datagrams than the relay corrupted on the way to it

  @TR-RTX-4 @TR-FR-1 @TR-REASM-1 @TR-RCV-2 @TR-DATA-3 @CF-RELAY-1
  Scenario: Messages arrive intact both ways through loss, reordering, duplication and corruption at once
    Given node "B" connects to node "A" port 7 through the relay with 10% loss, 10% reordering, 5% duplication and 5% corruption each way
    When node "B" sends a 256 KiB test pattern with seed 46 on that connection
    And node "A" sends a 64 KiB test pattern with seed 47 on that connection
    Then node "A" receives it intact within 30 seconds
    And node "B" receives it intact within 30 seconds
    And the relay impaired both directions as configured
