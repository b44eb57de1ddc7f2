Feature: Maximum packet size
  A node uses a maximum packet size of 1200 octets unless configured otherwise, and accepts only
  64 to 65507; a value outside that range is refused when it is configured, with exit status 2
  (usage error), never at first use (spec/datagram.md, "Configuration"; spec/conformance.md,
  "Exit statuses"). A node that also runs the transport needs at least 196 octets and refuses
  64 to 195 the same way (spec/transport.md [TR-BOUND-3]; features/transport/configuration.feature),
  so the smallest size every node accepts is 196.

  @DG-MTU-2 @CF-EXIT-1
  Scenario Outline: A node refuses a maximum packet size of <size> bytes when it starts
    When a node is started with a maximum packet size of <size> bytes
    Then the node exits with code 2 within 5 seconds, without a READY line

    Examples:
      | size  |
      | 63    |
      | 0     |
      | 65508 |

  @DG-MTU-2 @requires-datagram.echo
  Scenario Outline: A node accepts a maximum packet size of <size> bytes and answers an echo of that size
    Given a node is running with a maximum packet size of <size> bytes
    When the tester sends an echo request with identifier 1, sequence 1 and <data> bytes of random data
    Then the tester receives an echo reply that copies that request within 2 seconds

    Examples:
      | size  | data  |
      | 196   | 182   |
      | 65507 | 65493 |
