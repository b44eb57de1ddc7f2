@chat @requires-chat.server
Feature: The protected session
  After the Welcome every message is a SessionRecord sealed under the direction's key with a strict
  sequence number (spec/chat.md, "Session"). A record that is replayed, reordered or altered is
  dropped and counted and answered with nothing; the session goes on.

  Background:
    Given a chat server on a fresh data directory with the seed users
    And client "A" logged in as "Alice" with password "Alice"

  @CH-SEQ-2 @CH-REC-2 @CH-REQ-1
  Scenario: A replayed session record is dropped
    When client "A" sends a list request and receives its response
    And client "A" sends the same record again
    And client "A" sends a list request
    Then client "A" receives a response to the last request only

  @CH-SEQ-2 @CH-REQ-1
  Scenario: Reordered session records are dropped
    When client "A" sends the list request of the next sequence number but one before the next one
    And client "A" sends a list request at the next sequence number
    Then client "A" receives a response to the request at the next sequence number only

  @CH-SEQ-2 @CH-REQ-1
  Scenario: A tampered session record is dropped
    When client "A" sends a list request with one bit of its ciphertext flipped
    And client "A" sends a list request at the same sequence number untampered
    Then client "A" receives a response to the untampered request only

  @CH-REQ-4
  Scenario: An unknown request type is answered with CH_UNKNOWN_REQUEST and the session goes on
    When client "A" sends a request of body type 200
    Then client "A" receives an error response CH_UNKNOWN_REQUEST to it
    And client "A" lists the online users "Alice"

  @CH-REQ-3 @CH-PRES-1
  Scenario: Look-up of an online user gives its key and endpoint
    Given client "B" logged in as "Bob" with password "Bob"
    When client "A" looks up "Bob"
    Then the look-up says "Bob" is online with the public key whose envelope client "B" opened
    And client "A" looking up "Charlie" is told "Charlie" is not online

  @CH-PRES-2 @CH-PRES-3
  Scenario: A client that stops heartbeating leaves the list
    Given client "B" logged in as "Bob" with password "Bob"
    When client "B" stops sending anything
    And client "A" keeps heartbeating
    Then within the session timeout plus 10 seconds client "A" lists the online users "Alice"
