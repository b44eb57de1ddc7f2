@transport @requires-transport.listen
Feature: A node chooses initial sequence numbers an off-path attacker cannot guess
  The tester opens connections to the node by hand from ports of its own choosing, one after another,
  and reads the node's initial sequence number from each SYN|ACK. The node computes each as a
  4-microsecond clock plus a keyed hash of the connection's tuple [TR-OPEN-8]: different tuples give
  numbers scattered over the whole sequence space, even a few milliseconds apart. Eight numbers drawn
  that way fall within 2^24 of each other with probability below 2^-50; a counter, a clock or a
  constant always does.

  @TR-OPEN-8 @TR-SEC-INJ-1
  Scenario: The initial sequence numbers of eight connections opened one after another are unpredictable
    Given node "A" listens on port 7
    When the tester opens 8 connections to node "A" port 7 by hand, one after another
    Then the node's initial sequence numbers are all different and spread over the sequence space
