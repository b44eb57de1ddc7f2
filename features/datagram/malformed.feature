@requires-datagram.echo @requires-datagram.stats
Feature: Malformed datagrams are dropped, counted and otherwise ignored
  A receiver checks every datagram in a fixed order: size, header length, version, length field,
  checksum, protocol. The first failing check drops the datagram without an answer and counts it
  under that check's canonical code; the node carries on (spec/datagram.md, "Receive checks").

  Background:
    Given a node is running with a maximum packet size of 1200 bytes

  Scenario Outline: A datagram <fault> is dropped silently as <code>, and the node keeps answering
    When the tester sends an echo request with identifier 7, sequence 1 and data "hello" <fault>
    Then the tester receives no reply within 1 second
    And the node's stats show 1 datagram received, 1 dropped as <code> and no other drop
    And the node answers an echo request with identifier 7, sequence 2 and data "still here" within 2 seconds

    @DG-CSUM-1 @DG-CSUM-2 @DG-DROP-1 @DG-DROP-2
    Examples: corrupted checksum
      | fault                     | code            |
      | with a corrupted checksum | DG_BAD_CHECKSUM |

    @DG-RECV-1 @DG-DROP-1 @DG-DROP-2
    Examples: shorter than the header
      | fault                | code         |
      | truncated to 5 bytes | DG_TRUNCATED |
      | truncated to 0 bytes | DG_TRUNCATED |

    @DG-LEN-1 @DG-DROP-1 @DG-DROP-2
    Examples: length field that does not match the datagram
      | fault                            | code          |
      | with its length field off by one | DG_BAD_LENGTH |
      | truncated to 12 bytes            | DG_BAD_LENGTH |

    @DG-VER-1 @DG-DROP-1 @DG-DROP-2
    Examples: unknown version
      | fault            | code           |
      | with version 2   | DG_BAD_VERSION |
      | with version 255 | DG_BAD_VERSION |

    @DG-RECV-1 @DG-RECV-2 @DG-DROP-1 @DG-DROP-2
    Examples: larger than the maximum packet size
      | fault                | code         |
      | padded to 1201 bytes | DG_TOO_LARGE |

    @DG-RECV-1 @DG-DROP-2
    Examples: several faults at once, the first failing check wins
      | fault                                                               | code            |
      | padded to 1300 bytes and with version 2 and truncated to 1250 bytes | DG_TOO_LARGE    |
      | with version 2 and truncated to 7 bytes                             | DG_TRUNCATED    |
      | with version 2 and with its length field off by one                 | DG_BAD_VERSION  |
      | with its length field off by one and with a corrupted checksum      | DG_BAD_LENGTH   |
      | with a corrupted checksum and with next protocol 77                 | DG_BAD_CHECKSUM |
