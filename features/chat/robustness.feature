@chat @requires-chat.server
Feature: Logins under loss and under a handshake flood

  Background:
    Given a chat server on a fresh data directory with the seed users

  # @wip: fails against the reference server, cause not yet found: on one run the tester's SYN got no SYN|ACK
  # within 20 s [TR-OPEN-3] after some logins; the relay reported overflowed=100 towards the server (its own
  # queue, not the 30 % loss). Whether the relay's bound, the tester or the server is at fault is not settled.
  @wip @CH-LOGIN-3 @CH-CLI-1 @CF-RELAY-1
  Scenario: 50 of 50 logins succeed at 30% loss each way through the relay
    When 50 clients log in one after the other as "Alice" with password "Alice" through the relay with 30% loss each way
    Then all 50 logins reach the Welcome

  @CH-COST-1 @CH-POW-6 @CH-HELLO-4
  Scenario: Honest logins succeed while the suite floods the server with unauthenticated handshakes
    When the suite floods the server with ClientHellos and LoginRequests without work from 8 connections
    And 10 clients log in one after the other as "Bob" with password "Bob" during the flood
    Then all 10 logins reach the Welcome
