@transport @requires-transport.listen @requires-transport.connect
Feature: Many connections over one socket
  Every node has one UDP socket; its connections are told apart by ports alone [TR-DEMUX-1]. Node B opens 32
  connections to the same port of node A and both send on every one of them at once.

  Background:
    Given node "A" listens on port 7

  @TR-DEMUX-1 @TR-OPEN-8 @TR-DATA-3 @FR-DELIV-1 @requires-framing.messages
  Scenario: 32 concurrent connections over one socket each deliver their own data
    When node "B" opens 32 connections to node "A" port 7
    Then all 32 connections open on both nodes within 10 seconds
    When node "B" sends on each connection a 64 KiB test pattern whose seed is 100 plus the connection's number
    And node "A" sends on each connection a 16 KiB test pattern whose seed is 200 plus the connection's number
    Then each connection delivers the test patterns sent on it intact on both nodes within 30 seconds
