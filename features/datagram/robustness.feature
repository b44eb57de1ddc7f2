@requires-datagram.echo @requires-datagram.stats
Feature: Robustness against garbage
  No input can stop a node: every datagram ends in delivery or in a drop counted under the code
  of the first failing check, and the node carries on (spec/datagram.md, "ReceiveDatagram" and
  "Error handling").

  @DG-RECV-1 @DG-RECV-2 @DG-DROP-2 @DG-DROP-3 @DG-STAT-1
  Scenario: A node survives 100,000 random and mutated datagrams and accounts for every one
    Given a node is running with a maximum packet size of 1200 bytes
    When the tester throws 100000 seeded datagrams at the node: random bytes of 0 to 1500 bytes, and one in 4 a mutated valid packet
    Then the node is still running
    And the node's stats count every datagram thrown as received
    And the node's stats drop every one of them under the code the receive checks assign
    And the node's stats add up: every datagram received was delivered or dropped by a datagram check
    And the node answers an echo request from a new tester with identifier 1, sequence 1 and data "still alive" within 2 seconds
