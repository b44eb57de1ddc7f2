@transport @requires-transport.listen @requires-framing.messages
Feature: Challenge ACKs are limited per connection
  A SYN on a synchronised connection draws a challenge ACK, and a segment outside the receive window
  draws an ACK; an attacker who sends many of them must not turn the node into a reflector. Each
  connection answers at most 10 at once and 10 per second after, RFC 5961 section 7 style, and counts
  the rest as TR_RATE_LIMITED (spec/transport.md [TR-SEC-RATE-2]). The connection keeps working.

  Background:
    Given node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand

  @TR-SEC-RATE-2 @TR-SEC-INJ-2 @TR-RCV-2
  Scenario Outline: A burst of 200 <segments> draws no more ACKs than the challenge-ACK limit allows
    When the tester sends 200 <segments> on its connection as fast as it can
    Then the tester receives at most the allowed challenge ACKs in the next 1 second
    When the tester sends the message "still open"
    Then node "A" receives on the tester's connection exactly the message "still open" within 5 seconds
    And node "A" has not reported the tester's connection closed

    Examples:
      | segments               |
      | SYNs                   |
      | out-of-window-segments |
