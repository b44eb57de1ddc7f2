@framing @requires-transport.listen @requires-transport.connect @requires-framing.messages
Feature: Messages of any length arrive whole, once and in order
  Node B sends messages to node A over one connection. The nodes send the adapter contract's test
  patterns, so a 16 MiB message never crosses stdin; the suite computes the length and SHA-256
  each message must arrive with from the pattern's definition alone [CF-PAT-1], and checks the
  sender's reply against them too (spec/framing.md).

  Background:
    Given node "A" listens on port 7
    And node "B" connects to node "A" port 7
    And the connection opens on both nodes within 5 seconds

  @FR-DELIV-1 @FR-FRAME-1 @TR-SEG-7
  Scenario: A 1 MiB message arrives intact
    When node "B" sends a 1 MiB test pattern with seed 51 on that connection
    Then node "A" receives it intact within 10 seconds

  @FR-DELIV-1 @FR-FRAME-1 @FR-LEN-2 @TR-SEG-7 @TR-FLOW-2
  Scenario: A 16 MiB message, exactly the default limit, arrives intact
    When node "B" sends a 16 MiB test pattern with seed 52 on that connection
    Then node "A" receives it intact within 60 seconds

  @FR-LEN-1 @FR-FRAME-1
  Scenario: An empty message arrives as an empty message
    When node "B" sends an empty message on that connection
    Then node "A" receives an empty message on that connection within 5 seconds

  @FR-DELIV-1 @FR-SEND-1 @FR-SEND-2
  Scenario: Messages sent back to back arrive whole and in the order sent
    When node "B" sends on that connection, back to back, test patterns of the lengths "0, 1, 5, 1159, 1160, 1164, 1165, 70000, 3, 262144, 17" with seeds counting from 60
    And node "A" sends on that connection, back to back, test patterns of the lengths "100000, 0, 2" with seeds counting from 80
    Then node "A" receives every message sent to it on that connection, intact and in order, within 15 seconds
    And node "B" receives every message sent to it on that connection, intact and in order, within 15 seconds
