@transport @requires-transport.listen @requires-framing.messages
Feature: A node's reaction to segments the tester sends on purpose
  The tester plays the connecting end itself, on the generated codecs and not on any class of an
  implementation: it opens the connection by hand (SYN, the node's SYN|ACK, ACK), writes messages
  as framing-layer frames (type 1, 4-octet length, payload) in segments at its own sequence
  numbers, and sends duplicates, out-of-window data, resets with wrong numbers and malformed
  segments on purpose. After each of them, a message it sends last must arrive once and alone:
  the connection survived, and nothing the tester should not have delivered was delivered before
  it (spec/transport.md, "Segment classification", "Reset", "Error handling").

  Background:
    Given node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand

  @TR-DATA-3 @TR-RCV-2 @TR-ACK-2 @TR-INV-2
  Scenario: A duplicated data segment is delivered once and acknowledged again at once
    When the tester sends the message "once" in one segment
    And the tester sends that segment again
    Then the tester receives an ACK of everything it sent within 1 second
    When the tester sends the message "after"
    Then node "A" receives on the tester's connection exactly the messages "once", "after" within 5 seconds

  @TR-RCV-2 @TR-REASM-1 @TR-DATA-3
  Scenario: Data beyond the receive window is not delivered, and is answered with an ACK
    When the tester sends the message "outside" in a segment beyond the node's receive window
    Then the tester receives an ACK of everything it sent within 1 second
    When the tester sends the message "inside"
    Then node "A" receives on the tester's connection exactly the message "inside" within 5 seconds

  @TR-RST-2 @TR-RST-3 @TR-SEC-INJ-1
  Scenario: An RST inside the window but not at the next expected number draws a challenge ACK, and the connection survives
    When the tester sends an RST 100 bytes beyond the next sequence number the node expects
    Then the tester receives a challenge ACK within 1 second
    When the tester sends the message "still open"
    Then node "A" receives on the tester's connection exactly the message "still open" within 5 seconds
    And node "A" has not reported the tester's connection closed

  @TR-RST-2 @TR-ERR-1 @TR-SEC-INJ-1 @requires-datagram.stats
  Scenario: An RST outside the window is dropped as TR_OUT_OF_WINDOW, and the connection survives
    When the tester sends an RST beyond the node's receive window
    Then node "A"'s transport stats count 1 drop as TR_OUT_OF_WINDOW within 2 seconds
    When the tester sends the message "still open"
    Then node "A" receives on the tester's connection exactly the message "still open" within 5 seconds
    And node "A" has not reported the tester's connection closed

  @TR-RST-1 @TR-RST-2 @CF-EV-1
  Scenario: An RST at exactly the next expected number resets the connection
    When the tester sends an RST at exactly the next sequence number the node expects
    Then node "A" reports the tester's connection closed with TR_RESET within 2 seconds

  @TR-SEC-INJ-2
  Scenario: A SYN on an open connection draws a challenge ACK and does not reset it
    When the tester sends a SYN on its open connection
    Then the tester receives a challenge ACK within 1 second
    When the tester sends the message "still open"
    Then node "A" receives on the tester's connection exactly the message "still open" within 5 seconds
    And node "A" has not reported the tester's connection closed

  @TR-SEG-2 @TR-SEG-3 @TR-SEG-4 @TR-SEG-5 @TR-SEG-6 @TR-ERR-1 @requires-datagram.stats
  Scenario Outline: A segment <fault> is dropped as <code>, and the connection keeps working
    When the tester sends on its connection a segment <fault>
    Then node "A"'s transport stats count 1 drop as <code> within 2 seconds, and no other format drop
    When the tester sends the message "still open"
    Then node "A" receives on the tester's connection exactly the message "still open" within 5 seconds
    And node "A" has not reported the tester's connection closed

    Examples:
      | fault                                   | code          |
      | shorter than its header                 | TR_TRUNCATED  |
      | announcing a SACK block it lacks        | TR_TRUNCATED  |
      | whose len_data is one more than its data | TR_BAD_LENGTH |
      | with a byte after its data              | TR_BAD_LENGTH |
      | from port 0                             | TR_BAD_PORT   |
      | to port 0                               | TR_BAD_PORT   |
      | with SYN and FIN                        | TR_BAD_FLAGS  |
      | with SYN, ACK and data                  | TR_BAD_FLAGS  |
      | with RST, ACK and data                  | TR_BAD_FLAGS  |
      | with RST, FIN and ACK                   | TR_BAD_FLAGS  |
      | with data but none of SYN, ACK and RST  | TR_BAD_FLAGS  |
      | with FIN but none of SYN, ACK and RST   | TR_BAD_FLAGS  |
      | with a SACK block but no ACK            | TR_BAD_FLAGS  |
      | with 5 SACK blocks                      | TR_BAD_SACK   |
      | with an inverted SACK block             | TR_BAD_SACK   |
      | with an empty SACK block                | TR_BAD_SACK   |
