@transport @requires-transport.listen @requires-transport.connect
Feature: Opening, closing and resetting connections between two nodes
  Two processes of the implementation talk over loopback, as the QUIC interop runner runs two
  implementations: node A listens on a transport port, node B connects to it. Each node names its
  end of the connection with its own "conn" and reports accepted, open, message, peer_closed and
  closed events (spec/transport.md, spec/conformance.md section 6.1).

  Background:
    Given node "A" listens on port 7

  @TR-OPEN-1 @TR-OPEN-2 @TR-OPEN-3 @TR-OPEN-4 @TR-DEMUX-1 @CF-EV-1 @TR-CLOSE-1 @TR-CLOSE-2 @TR-CLOSE-3 @TR-CLOSE-4 @TR-INV-1 @requires-framing.messages
  Scenario: A connection opens, carries a message each way, and closes in order
    When node "B" connects to node "A" port 7
    Then the connection opens on both nodes within 5 seconds
    And node "A" reports that connection accepted on port 7 from node "B"
    When node "B" sends the message "hello, A" on that connection
    And node "A" sends the message "hello, B" on that connection
    Then node "A" receives the message "hello, A" on that connection within 5 seconds
    And node "B" receives the message "hello, B" on that connection within 5 seconds
    When node "B" closes that connection
    Then node "A" reports that connection peer-closed within 5 seconds
    When node "A" closes that connection
    Then node "A" reports that connection closed with TR_CLOSED within 5 seconds
    And node "B" reports that connection peer-closed within 5 seconds
    And node "B" reports that connection closed with TR_CLOSED within 5 seconds

  @TR-CLOSE-1 @TR-CLOSE-3 @FR-SEND-2 @FR-CLOSE-1 @requires-framing.messages
  Scenario: A close right after a large send still delivers the whole message first
    When node "B" connects to node "A" port 7
    Then the connection opens on both nodes within 5 seconds
    When node "B" sends a 1 MiB test pattern with seed 21 on that connection
    And node "B" closes that connection
    Then node "A" receives it intact within 10 seconds
    And node "A" reports that connection peer-closed within 5 seconds

  @TR-RST-5 @TR-RST-1 @TR-RST-4
  Scenario: An aborted connection is reported aborted on its node and reset on the other
    When node "B" connects to node "A" port 7
    Then the connection opens on both nodes within 5 seconds
    When node "B" aborts that connection
    Then node "B" reports that connection closed with TR_ABORTED within 2 seconds
    And node "A" reports that connection closed with TR_RESET within 5 seconds

  @TR-DEMUX-2 @TR-FAIL-2 @TR-SEC-INJ-4 @requires-datagram.unreachable
  Scenario: A connection to a port nobody listens on fails fast as unreachable
    When node "B" connects to node "A" port 9
    Then node "B" reports that connection closed with TR_UNREACHABLE within 2 seconds, without opening it
    And node "A" reports no connection
