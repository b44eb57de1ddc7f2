@adapter
Feature: The node process honours the adapter contract
  The suite drives every implementation through processes: a READY line with the UDP port, JSON
  Lines requests on stdin and replies on stdout, canonical error codes, and an orderly exit with
  code 0 on "shutdown" or at the end of stdin (spec/conformance.md, contract v1).

  Background:
    Given a node is running

  @CF-PROC-1 @CF-PROC-2 @CF-OP-1 @requires-datagram.stats
  Scenario: stats names every counter of the contract
    When the suite sends the node the op "stats"
    Then the node replies ok
    And the reply has the counts "received, sent, delivered, dropped, unreachable_sent, echo_replies_sent, rate_limited"

  @CF-OP-3
  Scenario: An unknown op is answered with UNSUPPORTED_OP and the node carries on
    When the suite sends the node the op "no-such-op"
    Then the node replies with error code "UNSUPPORTED_OP"
    And the node is still running

  @CF-OP-2 @CF-EXIT-1
  Scenario: shutdown is acknowledged, then the node exits with code 0
    When the suite sends the node the op "shutdown"
    Then the node replies ok
    And the node exits with code 0 within 5 seconds

  @CF-PROC-8 @CF-EXIT-1
  Scenario: At the end of its input the node exits with code 0
    When the suite closes the node's standard input
    Then the node exits with code 0 within 5 seconds

  @CF-PROC-4
  Scenario Outline: A request line that is <what> is answered with BAD_REQUEST, and the node carries on
    When the suite writes the request line '<line>' to the node
    Then the node replies with error code "BAD_REQUEST"
    And the node is still running
    And the suite sends the node the op "no-such-op"
    And the node replies with error code "UNSUPPORTED_OP"

    Examples:
      | what                          | line                    |
      | not JSON                      | this is not json        |
      | a JSON array                  | [1, 2, 3]               |
      | an object without an op       | {"id": {id}}            |
      | an object whose op is no text | {"id": {id}, "op": 42}  |
      | an object without an id       | {"op": "stats"}         |
