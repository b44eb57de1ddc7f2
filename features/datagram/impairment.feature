@requires-datagram.echo
Feature: Echo across an impaired path
  Between the tester and the node sits the seeded impairment relay. Whatever it does to the
  datagrams, every reply that arrives is an exact echo of a request, and every datagram it
  corrupts is caught by the receive checks (spec/datagram.md).

  Background:
    Given a node is running

  @DG-CTL-3 @CF-RELAY-1
  Scenario: Echo through loss and reordering in both directions
    Given an impairment relay between the tester and the node that does:
      | direction     | loss | reordering |
      | to the node   | 20%  | 20%        |
      | from the node | 20%  | 20%        |
    When the tester sends 200 echo requests with identifier 9 through the relay, one every 5 milliseconds
    Then every echo reply the tester received is an exact echo of a request it sent
    And the tester received replies to at least 50% of its requests
    And the relay lost and held back datagrams in each direction, and some arrived out of order

  @DG-CSUM-2 @DG-RECV-1 @DG-CTL-3 @DG-STAT-1 @CF-RELAY-1 @requires-datagram.stats
  Scenario: Corrupted and duplicated echo requests are dropped or answered, never garbled
    Given an impairment relay between the tester and the node that does:
      | direction   | duplication | corruption |
      | to the node | 20%         | 20%        |
    When the tester sends 100 echo requests with identifier 11 through the relay, one every 5 milliseconds
    Then every echo reply the tester received is an exact echo of a request it sent
    And the tester received replies to at least 60% of its requests
    And the node's stats count every datagram the relay corrupted as dropped, and delivered the rest
    And the node's stats add up: every datagram received was delivered or dropped by a datagram check
