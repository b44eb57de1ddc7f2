@requires-datagram.unreachable @requires-datagram.stats
Feature: Protocol unreachable
  A packet that passes every receive check but names a protocol nobody handles is dropped as
  DG_UNKNOWN_PROTOCOL and answered with a control "unreachable", code 0 (protocol unreachable),
  quoting the packet's leading bytes, at most 64 of them. The answer is never larger than the
  packet that caused it, so the node cannot be used to amplify traffic (spec/datagram.md,
  "Control protocol").

  Background:
    Given a node is running

  @DG-PROTO-2 @DG-CTL-5 @DG-CTL-6
  Scenario Outline: A packet for protocol <protocol> with <payload> bytes of payload is answered with protocol unreachable
    When the tester sends a well-formed packet with next protocol <protocol> and a <payload>-byte payload
    Then the tester receives a protocol unreachable within 2 seconds
    And the unreachable quotes the first <quoted> bytes of that packet
    And the unreachable is no larger than that packet
    And the node's stats show 1 datagram received, 1 dropped as DG_UNKNOWN_PROTOCOL and no other drop
    And the node's stats show 1 unreachable sent

    Examples:
      | protocol | payload | quoted |
      | 77       | 200     | 64     |
      | 254      | 56      | 50     |
      | 0        | 20      | 14     |

  @DG-PROTO-2 @DG-CTL-5
  Scenario: A packet too small to be answered without amplification gets no answer
    When the tester sends a well-formed packet with next protocol 77 and a 4-byte payload
    Then the tester receives no reply within 500 milliseconds
    And the node's stats show 1 datagram received, 1 dropped as DG_UNKNOWN_PROTOCOL and no other drop
    And the node's stats show 0 unreachables sent

  @DG-CTL-1
  Scenario Outline: A control message the node cannot use is dropped as <code>, without an unreachable about it
    When the tester sends a control message with type <type>, code <code number> and body "<body>"
    Then the tester receives no reply within 500 milliseconds
    And the node's stats show 1 datagram received, 1 dropped as <code> and no other drop
    And the node's stats show 0 unreachables sent

    @DG-CTL-2
    Examples: an echo request with a code other than 0
      | type | code number | body     | code         |
      | 8    | 1           | 00070001 | CTL_BAD_CODE |

    Examples: a type the registry does not define
      | type | code number | body     | code             |
      | 42   | 0           | 00070001 | CTL_UNKNOWN_TYPE |

    Examples: a body shorter than its type needs
      | type | code number | body | code          |
      | 8    | 0           | 0007 | CTL_TRUNCATED |
