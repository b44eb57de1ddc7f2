@framing @requires-transport.listen @requires-transport.connect @requires-framing.messages
Feature: The receiver's message limit
  A receiver accepts messages up to its limit, max_message_bytes, and checks the length from the
  frame header before it buffers any payload [FR-LEN-2]. A longer message is a connection error:
  the receiver reports FR_TOO_LARGE and resets the connection; messages delivered before stay
  delivered [FR-ERR-1]. Node A runs with a limit of 65536 bytes ({max_message}); node B, the
  sender, with the default.

  Background:
    Given node "A" is running with a message limit of 65536 bytes
    And node "A" listens on port 7
    And node "B" connects to node "A" port 7
    And the connection opens on both nodes within 5 seconds

  @FR-LEN-2
  Scenario: A message of exactly the receiver's limit is accepted
    When node "B" sends a 65536-byte test pattern with seed 71 on that connection
    Then node "A" receives it intact within 5 seconds

  @FR-LEN-2 @FR-ERR-1 @CF-EV-1 @TR-RST-1
  Scenario: A message one byte over the receiver's limit ends the connection with FR_TOO_LARGE
    When node "B" sends a 65536-byte test pattern with seed 72 on that connection
    And node "B" sends a 65537-byte test pattern with seed 73 on that connection
    Then node "A" reports that connection closed with FR_TOO_LARGE within 5 seconds
    And node "A" has received exactly 1 message on that connection
    And node "B" reports that connection closed with TR_RESET within 5 seconds

  @FR-LEN-4 @CF-OP-6
  Scenario: A sender refuses a message longer than its own limit with FR_TOO_LARGE, and the connection carries on
    Then node "A" refuses to send a 65537-byte test pattern on that connection with FR_TOO_LARGE
    When node "A" sends a 65536-byte test pattern with seed 74 on that connection
    Then node "B" receives it intact within 5 seconds
