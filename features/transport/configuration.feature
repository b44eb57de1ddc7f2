@transport @requires-transport.listen
Feature: A node that runs the transport refuses packets too small for its segments
  The transport's smallest segment is 188 bytes (a 28-byte header, four 8-byte SACK blocks and 128
  bytes of data), so a node that runs it needs a maximum packet size of at least 196 octets and
  refuses a smaller one when it is configured, with exit status 2 (usage error), never at first use
  and never by quietly running without the transport (spec/transport.md [TR-BOUND-3]).

  @TR-BOUND-3 @TR-BOUND-1 @CF-EXIT-1
  Scenario Outline: A node refuses a maximum packet size of <size> bytes, too small for the transport
    When a node is started with a maximum packet size of <size> bytes
    Then the node exits with code 2 within 5 seconds, without a READY line

    Examples:
      | size |
      | 64   |
      | 100  |
      | 195  |

  @TR-BOUND-3
  Scenario: A node with the smallest maximum packet size the transport allows accepts a connection
    Given a node is running with a maximum packet size of 196 bytes
    And node "node" listens on port 7
    And the tester has opened a connection to node "node" port 7 by hand
    When the tester sends the message "a message in packets of 196 bytes"
    Then node "node" receives on the tester's connection exactly the message "a message in packets of 196 bytes" within 5 seconds
