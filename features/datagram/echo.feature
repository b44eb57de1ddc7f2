@requires-datagram.echo
Feature: Echo
  A node answers an echo request with an echo reply that copies the request's identifier, sequence
  number and data exactly, and is exactly as large as the request (spec/datagram.md, "Control
  protocol").

  Background:
    Given a node is running

  @DG-CTL-1 @DG-CTL-3 @DG-CTL-4
  Scenario: An echo request is answered with an exact echo of the same size
    When the tester sends an echo request with identifier 7, sequence 1 and data "hello"
    Then the tester receives an echo reply with identifier 7, sequence 1 and data "hello" within 2 seconds
    And the echo reply has the same size as the request

  @DG-CTL-3
  Scenario: An echo request without data is answered
    When the tester sends an echo request with identifier 0, sequence 0 and data ""
    Then the tester receives an echo reply with identifier 0, sequence 0 and data "" within 2 seconds
    And the echo reply has the same size as the request

  @DG-CTL-3 @DG-MTU-1 @DG-RECV-1
  Scenario: An echo request exactly as large as the maximum packet size is answered unchanged
    When the tester sends an echo request with identifier 65535, sequence 65535 and 1186 bytes of random data
    Then the tester receives an echo reply that copies that request within 2 seconds
    And the echo reply has the same size as the request

  @DG-CTL-3 @DG-STAT-1 @requires-datagram.stats
  Scenario: Each echo reply is counted
    When the tester sends an echo request with identifier 3, sequence 9 and data "count me"
    Then the tester receives an echo reply with identifier 3, sequence 9 and data "count me" within 2 seconds
    And the node's stats show 1 echo reply sent
