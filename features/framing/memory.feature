@framing @requires-transport.listen @requires-framing.messages @requires-datagram.echo
Feature: One memory budget for all connections of a node
  A peer decides how much memory a receiver holds for it: a frame it never finishes, and the
  transport's buffers. Per connection that is bounded, across connections the node's memory budget
  ({max_memory}, max_memory_bytes) bounds the sum. When a partial frame would grow past it, the
  connection that holds the most is reset with FR_MEMORY, and the node keeps serving everything
  else (spec/framing.md, "Memory budget").

  @FR-MEM-1 @FR-MEM-2 @FR-MEM-3 @FR-LEN-3
  Scenario: Partial large frames on several connections reach the budget: the largest is reset, the node stays responsive
    Given node "A" is running with a memory budget of 4 MiB
    And node "A" listens on port 7
    When the tester opens 8 connections to node "A" port 7 by hand, and on each sends a message frame header announcing 16777216 bytes and 768 KiB of its payload
    Then node "A" ends at least one of those connections with FR_MEMORY within 10 seconds, ends none of them otherwise, and keeps at least one open
    And node "A" still answers an echo request and the stats op within 5 seconds
