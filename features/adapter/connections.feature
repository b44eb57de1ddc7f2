@adapter @requires-transport.listen @requires-transport.connect @requires-framing.messages
Feature: Connection ops of the adapter contract
  The answers of listen, connect, close and send that the transport alone does not decide: a port
  listened on twice, a close before the open completes, and a request naming a connection whose
  closed event has been written (spec/conformance.md, "Connections and their events").

  @CF-OP-7
  Scenario: Listening twice on one port is refused with TR_IN_USE, and the first listen still works
    Given node "A" listens on port 7
    Then node "A" refuses a second listen on port 7 with TR_IN_USE
    When node "B" connects to node "A" port 7
    Then the connection opens on both nodes within 5 seconds

  @TR-CLOSE-7 @FR-CLOSE-1 @CF-OP-5 @CF-EV-1
  Scenario: A close before the open completes ends the connection at once; afterwards it is no such connection
    When node "B" connects to a peer that never answers, on port 7
    And node "B" closes that connection at once
    Then node "B" reports that connection closed with TR_CLOSED within 2 seconds, and no open event
    And node "B" answers a send on that connection with NO_SUCH_CONNECTION
