@transport @requires-transport.listen @requires-transport.connect
Feature: Opening connections under attack
  A flood of SYNs fills the half-open backlog at once; the listener then answers statelessly with SYN
  cookies, so an honest open still succeeds (spec/transport.md [TR-SEC-SYN-2], [TR-SEC-SYN-3]). One
  address cannot take every connection of a node: by default it gets at most 64 (max_per_address,
  [TR-SEC-ADDR-1]). A connection in TIME_WAIT holds no connection slot, so a node that closes first
  can open connection after connection, more than its limit of 256 (max_connections, [TR-CLOSE-5]).
  A SYN from the same port with a later timestamp reopens a connection whose tuple is in TIME_WAIT
  ([TR-CLOSE-9]). The flood is bounded, addressed to 127.0.0.1 only, and stops by itself.

  @TR-SEC-SYN-1 @TR-SEC-SYN-2 @TR-SEC-SYN-3
  Scenario: An honest open succeeds while the tester floods the listening port with SYNs
    Given node "A" listens on port 7
    And node "B" connects to node "A" port 7
    And the connection opens on both nodes within 5 seconds
    When the tester floods node "A" port 7 with 1000 SYNs per second from random ports for 10 seconds
    And node "B" connects to node "A" port 7
    Then the connection opens on both nodes within 5 seconds
    And the SYN flood was still running when the connection opened, and has ended by itself

  @TR-SEC-ADDR-1
  Scenario: One address cannot take every connection of a node
    Given node "A" listens on port 7
    Then the tester, opening connections to node "A" port 7 by hand from one address, is refused one at the latest after 64

  @TR-CLOSE-5 @TR-INV-5
  Scenario: A node that closes first opens more connections in a row than its connection limit
    Given node "A" listens on port 7
    When node "B" opens 260 connections to node "A" port 7 one after another, closing each first

  @TR-CLOSE-9 @TR-CLOSE-5 @requires-framing.messages
  Scenario: A SYN from the same port with a later timestamp reopens a connection in TIME_WAIT
    Given node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand
    When node "A" closes the tester's connection first and the tester closes it too
    Then a SYN from the same port with a later timestamp draws a SYN|ACK from node "A" within 3 seconds
