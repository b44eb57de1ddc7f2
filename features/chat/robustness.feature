@chat @requires-chat.server
Feature: Logins under loss and under a handshake flood

  Background:
    Given a chat server on a fresh data directory with the seed users

  # One client socket logs in 50 times, each login on a new connection, and logs out (logout_ack) before the next.
  @CH-LOGIN-3 @CH-CLI-1 @CH-OUT-1 @CF-RELAY-1
  Scenario: 50 of 50 logins succeed at 30% loss each way through the relay
    When 50 clients log in one after the other as "Alice" with password "Alice" through the relay with 30% loss each way
    Then all 50 logins reach the Welcome

  @CH-COST-1 @CH-POW-6 @CH-HELLO-4
  Scenario: Honest logins succeed while the suite floods the server with unauthenticated handshakes
    When the suite floods the server with ClientHellos and LoginRequests without work from 8 connections
    And 10 clients log in one after the other as "Bob" with password "Bob" during the flood
    Then all 10 logins reach the Welcome
