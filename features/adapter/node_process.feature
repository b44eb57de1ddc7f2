@adapter
Feature: The node process honours the adapter contract
  The suite drives every implementation through processes: a READY line with the UDP port, JSON
  Lines requests on stdin and replies on stdout, canonical error codes, and an orderly exit with
  code 0 on "shutdown" or at the end of stdin (spec/conformance.md, contract v1).

  Background:
    Given a node is running

  @requires-datagram.stats
  Scenario: stats names every counter of the contract
    When the suite sends the node the op "stats"
    Then the node replies ok
    And the reply has the counts "received, sent, delivered, dropped, unreachable_sent, echo_replies_sent, rate_limited"

  Scenario: An unknown op is answered with UNSUPPORTED_OP and the node carries on
    When the suite sends the node the op "no-such-op"
    Then the node replies with error code "UNSUPPORTED_OP"
    And the node is still running

  Scenario: shutdown is acknowledged, then the node exits with code 0
    When the suite sends the node the op "shutdown"
    Then the node replies ok
    And the node exits with code 0 within 5 seconds

  Scenario: At the end of its input the node exits with code 0
    When the suite closes the node's standard input
    Then the node exits with code 0 within 5 seconds
