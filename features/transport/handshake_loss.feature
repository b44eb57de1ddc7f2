@transport @requires-transport.listen @requires-transport.connect
Feature: Connection opens under heavy loss
  The QUIC interop runner's bar for handshakes under loss: 50 of 50 succeed with 30% of the
  datagrams lost in each direction, each then carrying a small transfer. Node B opens 50
  connections at once through the relay and queues a message on each at once [TR-DATA-1]; SYN and
  SYN|ACK are retransmitted until they get through [TR-RTX-4] [TR-OPEN-7], within the retransmission
  limit [TR-RTX-6], and the message completes node A's end of the open if the handshake's last ACK
  is lost [TR-OPEN-4]. The transport timers run ten times faster ({time_scale} 0.1), which changes
  no count, only the waiting.

  Background:
    Given the nodes run with transport timers scaled by 0.1
    And node "A" listens on port 7

  @TR-OPEN-1 @TR-OPEN-2 @TR-OPEN-3 @TR-OPEN-4 @TR-OPEN-7 @TR-RTX-4 @TR-RTX-6 @TR-DATA-1 @CF-RELAY-1 @requires-framing.messages
  Scenario: 50 of 50 connections open and deliver a message at 30% loss each way
    When node "B" opens 50 connections to node "A" port 7 through the relay with 30% loss each way
    And node "B" sends on each connection a 1 KiB test pattern whose seed is 500 plus the connection's number
    Then all 50 connections open on both nodes within 20 seconds
    And each connection delivers the test patterns sent on it intact on both nodes within 20 seconds
    And the relay impaired both directions as configured
