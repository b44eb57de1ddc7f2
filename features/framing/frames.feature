@framing @requires-transport.listen @requires-framing.messages
Feature: Frames the tester writes by hand
  The tester opens a connection to node A by hand and writes the byte stream itself with the
  generated frame codec: messages cut into segments wherever it likes, and frames a correct sender
  never writes (spec/framing.md, "Receiving", "Error handling").

  Background:
    Given node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand

  @FR-DELIV-1
  Scenario Outline: Messages cut into segments of 1 to <cut> bytes arrive whole and in order
    When the tester sends <count> messages of random lengths from 0 to <longest> bytes as one stream cut into segments of 1 to <cut> bytes
    Then node "A" receives every message sent to it on that connection, intact and in order, within 10 seconds

    Examples:
      | count | longest | cut |
      | 5     | 12      | 1   |
      | 20    | 700     | 97  |

  @FR-TYPE-1 @FR-ERR-1 @TR-RST-5
  Scenario: A frame of an unknown type ends the connection with FR_UNKNOWN_TYPE
    When the tester sends the message "before"
    And the tester sends a frame of type 2 with payload "abc"
    Then node "A" reports the tester's connection closed with FR_UNKNOWN_TYPE within 2 seconds
    And the tester receives an RST within 2 seconds
    And node "A" has received exactly 1 message on that connection

  @FR-LEN-2 @FR-ERR-1
  Scenario: A header announcing 4 GiB is refused from the header alone
    When the tester sends a message frame header announcing 4294967295 bytes
    Then node "A" reports the tester's connection closed with FR_TOO_LARGE within 2 seconds
    And the tester receives an RST within 2 seconds

  @FR-ERR-2 @CF-EV-1
  Scenario: A stream that ends inside a frame ends the connection with FR_TRUNCATED, reset and not peer-closed
    When the tester sends a message frame announcing 6 bytes with only 3 of them, then a FIN
    Then node "A" reports the tester's connection closed with FR_TRUNCATED within 2 seconds
    And the tester receives an RST within 2 seconds
    And node "A" has not reported the tester's connection peer-closed
