@transport @requires-transport.listen @requires-framing.messages
Feature: Unreachable messages never end an established connection
  An unreachable message is honoured only by an open attempt that has heard nothing from its peer,
  and only when it quotes one of that attempt's SYNs exactly, initial sequence number included
  (spec/transport.md [TR-FAIL-2]; spec/datagram.md [DG-CTL-14]). An off-path attacker who knows the
  ports and guesses the node's next sequence number must not be able to end an established
  connection, whatever code and datagram header it quotes.

  Background:
    Given node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand

  @TR-FAIL-2 @DG-CTL-14 @TR-SEC-INJ-4
  Scenario: Unreachables quoting the connection's ports and the node's next sequence number change nothing
    When the tester sends node "A" 20 unreachables for its connection quoting a segment at the node's next sequence number
    And the tester sends the message "still open"
    Then node "A" receives on the tester's connection exactly the message "still open" within 5 seconds
    And node "A" has not reported the tester's connection closed
