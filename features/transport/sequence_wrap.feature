@transport @requires-transport.listen @requires-framing.messages
Feature: Data flows both ways across the wrap of the sequence space
  Sequence numbers are 32 bits and compared modulo 2^32 [TR-SEQ-1]: a connection whose numbers pass from
  2^32 - 1 to 0 works as any other. The tester opens a connection to the node by hand with its initial sequence
  number just below 2^32, so the node's RCV.NXT, the ack_num of every segment it sends, the window edges and the
  acceptability checks of its receive path all pass the wrap while data flows both ways: the tester sends a
  message that straddles 2^32, the node sends one back (the tester acknowledging it with sequence numbers past
  the wrap), and the tester sends another. With ISS = 2^32 - 1 the SYN itself is the last number before the wrap
  and the node's SYN|ACK acknowledges 0. The node chooses its own initial sequence number (a keyed hash,
  [TR-OPEN-8]), so only the tester's side of the connection is sure to wrap.

  @TR-SEQ-1 @TR-DATA-3 @TR-ACK-1 @TR-OPEN-4
  Scenario Outline: Messages cross the wrap of the tester's sequence numbers intact, both ways (ISS <iss>)
    Given node "A" listens on port 7
    And the tester has opened a connection to node "A" port 7 by hand with initial sequence number <iss>
    When the tester sends a 6144-byte test pattern with seed 81 as one message, in segments of at most 700 bytes, and node "A" acknowledges it
    Then the tester's sequence numbers have passed 2^32
    When node "A" sends a 8192-byte test pattern with seed 82 on the tester's connection
    Then the tester receives node "A"'s 8192-byte test pattern with seed 82 as one message, intact, within 10 seconds
    When the tester sends a 5000-byte test pattern with seed 83 as one message, in segments of at most 1000 bytes, and node "A" acknowledges it
    Then node "A" receives every message sent to it on that connection, intact and in order, within 10 seconds

    Examples:
      | iss        |
      | 4294966296 |
      | 4294967295 |
