@requires-datagram.echo @requires-datagram.stats
Feature: Control messages the node does not answer
  Every control packet that passes the receive checks is delivered to the control protocol, which
  checks it in a fixed order: payload length, type, body length, code. A control message that
  fails is counted under that check's code; no control message is ever answered except an echo
  request by its echo reply, so two nodes can never answer each other in a loop
  (spec/datagram.md, "HandleControl" and "No error about an error").

  Background:
    Given a node is running

  @DG-CTL-11 @DG-CTL-9 @DG-DROP-2
  Scenario Outline: A control payload <payload> is dropped as <code>, without any answer
    When the tester sends a control packet with payload "<payload>"
    Then the tester receives no reply within 1 second
    And the node's stats show 1 datagram received, 1 dropped as <code> and no other drop
    And the node's stats show 1 delivered to control
    And the node's stats show 0 unreachables sent

    Examples: shorter than a control header
      | payload | code          |
      |         | CTL_TRUNCATED |
      | 08      | CTL_TRUNCATED |

    Examples: types the registry does not define, checked before the body and the code
      | payload      | code             |
      | ff00         | CTL_UNKNOWN_TYPE |
      | 2a0100070001 | CTL_UNKNOWN_TYPE |

    Examples: bodies shorter than their type needs, checked before the code
      | payload    | code          |
      | 0805000100 | CTL_TRUNCATED |
      | 0309       | CTL_TRUNCATED |

    @DG-CTL-2
    Examples: echo messages with a code other than 0
      | payload      | code         |
      | 080100010001 | CTL_BAD_CODE |
      | 0005abcdef01 | CTL_BAD_CODE |

    @DG-CTL-8
    Examples: unreachable messages with a code other than 0 and 1
      | payload                                          | code         |
      | 030200000000010100130000000008000007000168656c6c6f | CTL_BAD_CODE |

  @DG-CTL-9 @DG-CTL-12 @DG-CTL-13
  Scenario Outline: A well-formed <message> is accepted, counted as delivered, and not answered
    When the tester sends a control packet with payload "<payload>"
    Then the tester receives no reply within 1 second
    And the node's stats show 1 datagram received and no drop
    And the node's stats show 1 delivered to control

    Examples:
      | message                                       | payload                                            |
      | echo reply nobody asked for                   | 0000000700010102                                   |
      | protocol unreachable quoting a control packet | 030000000000010100130000000008000007000168656c6c6f |
      | unreachable quoting less than a header        | 0300000000000101                                   |
