@requires-datagram.unreachable @requires-datagram.stats
Feature: Protocol unreachable
  A packet that passes every receive check but names a protocol nobody handles is dropped as
  DG_UNKNOWN_PROTOCOL and answered with a control "unreachable", code 0 (protocol unreachable),
  port 0, quoting the first min(64, length - 14) bytes of the packet, so that the answer is never
  larger than the packet that caused it. When that quote would be shorter than a datagram header
  (a packet shorter than 22 bytes), no answer is sent at all (spec/datagram.md, "Unreachable" and
  "SendUnreachable").

  Background:
    Given a node is running

  @DG-RECV-4 @DG-CTL-5 @DG-CTL-6 @DG-CTL-7 @DG-AMP-1
  Scenario Outline: A <length>-byte packet for protocol <protocol> is answered with protocol unreachable quoting <quoted> bytes
    When the tester sends a well-formed packet with next protocol <protocol> and a <payload>-byte payload
    Then the tester receives a protocol unreachable within 2 seconds
    And the unreachable quotes the first <quoted> bytes of that packet
    And the unreachable is no larger than that packet
    And the node's stats show 1 datagram received, 1 dropped as DG_UNKNOWN_PROTOCOL and no other drop
    And the node's stats show 1 unreachable sent

    Examples: unassigned protocols
      | protocol | payload | length | quoted |
      | 77       | 200     | 208    | 64     |
      | 3        | 70      | 78     | 64     |
      | 254      | 56      | 64     | 50     |

    @DG-PROTO-1 @DG-PROTO-2
    Examples: reserved protocols have no handler
      | protocol | payload | length | quoted |
      | 0        | 20      | 28     | 14     |
      | 255      | 14      | 22     | 8      |

  @DG-RECV-4 @DG-CTL-10 @DG-AMP-1
  Scenario Outline: A <length>-byte packet for an unknown protocol is too short to be answered
    When the tester sends a well-formed packet with next protocol 77 and a <payload>-byte payload
    Then the tester receives no reply within 1 second
    And the node's stats show 1 datagram received, 1 dropped as DG_UNKNOWN_PROTOCOL and no other drop
    And the node's stats show 0 unreachables sent

    Examples:
      | payload | length |
      | 13      | 21     |
      | 0       | 8      |
