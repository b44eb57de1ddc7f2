@transport @requires-transport.listen
Feature: Segments for no connection
  A segment that matches no connection creates no state. A SYN to a port nobody listens on is
  reported to the datagram layer, which answers with a port unreachable [TR-DEMUX-2]; any other
  segment without RST is answered with an RST built from it, so that a peer learns at once that the
  connection is gone [TR-DEMUX-3].

  Background:
    Given node "A" listens on port 7

  @TR-DEMUX-2 @DG-CTL-5 @DG-CTL-7 @requires-datagram.unreachable
  Scenario: A SYN to a port nobody listens on draws a port unreachable quoting it
    When the tester sends a SYN to node "A" port 9
    Then the tester receives a port unreachable for port 9 quoting that SYN within 2 seconds
    And node "A" reports no connection

  @TR-DEMUX-3
  Scenario: An ACK for no connection draws an RST built from it
    When the tester sends an ACK with ack number 123456789 to node "A" port 7 from a port with no connection
    Then the tester receives an RST with sequence number 123456789 within 2 seconds
    And node "A" reports no connection
