@chat @requires-chat.server
Feature: Login
  The suite plays the chat client with its own implementation of cipher suite 1 on the generated
  codecs (spec/chat.md, "Login processing"): ClientHello, Challenge, LoginRequest with the proof of
  work, the EnvelopeResponse opened with the password, the Proof signing the transcript, the Welcome.
  Every scenario starts its own server on a fresh data directory made by the adapter's `init`
  command, and pins the fingerprint that `init` printed.

  Background:
    Given a chat server on a fresh data directory with the seed users

  @CH-HELLO-2 @CH-COOKIE-3 @CH-POW-1 @CH-KEX-1 @CH-ENV-4 @CH-POP-1 @CH-LOGIN-3 @CH-REQ-1 @CH-REQ-2 @CH-PRES-1 @CF-CHAT-5
  Scenario: Two seed users log in and list each other
    When client "A" logs in as "Alice" with password "Alice"
    And client "B" logs in as "Bob" with password "Bob"
    Then client "A" lists the online users "Alice, Bob"
    And client "B" lists the online users "Alice, Bob"

  @CH-PIN-2 @AC-FP-1
  Scenario: The Challenge carries the key whose fingerprint init printed
    When client "A" sends a ClientHello
    Then the server answers with a Challenge whose server key has the pinned fingerprint

  @CH-ENV-4 @CH-POP-2
  Scenario: A wrong password does not open the envelope
    When client "A" asks for the envelope of "Alice" with password "alice"
    Then the envelope of client "A" does not open
    And a Proof signed with a key of the suite's own is refused with CH_BAD_PROOF

  @CH-FAKE-1 @CH-FAKE-2 @CH-ENV-2
  Scenario: An unknown user is indistinguishable from a wrong password
    When the suite asks 5 times for the envelope of "Alice" with a wrong password and 5 times for the unknown user "Mallory"
    Then every EnvelopeResponse has the same length
    And no envelope opens
    And the unknown user's envelope is the same every time
    And the median response times of the two kinds differ by less than a factor of 3

  @CH-POW-1 @CH-LOGIN-1
  Scenario: A LoginRequest without a valid proof of work is refused before any private-key work
    When client "A" sends a LoginRequest for "Alice" whose proof of work is wrong
    Then the server answers with Error CH_BAD_POW and closes the connection

  @CH-MSG-3
  Scenario: A LoginRequest without its proof-of-work field is malformed
    When client "A" sends a LoginRequest for "Alice" without its last 8 octets
    Then the server answers with Error CH_MALFORMED and closes the connection

  @CH-COOKIE-2 @CH-LOGIN-1
  Scenario: A tampered cookie is refused
    When client "A" sends a LoginRequest for "Alice" whose cookie MAC has one bit flipped
    Then the server answers with Error CH_BAD_COOKIE and closes the connection

  @CH-COOKIE-2 @CH-COOKIE-1
  Scenario: A cookie whose difficulty was lowered is refused
    When client "A" sends a LoginRequest for "Alice" whose cookie difficulty is lowered to 0
    Then the server answers with Error CH_BAD_COOKIE and closes the connection

  @CH-COOKIE-2
  Scenario: A challenge is bound to the address that asked for it
    When client "A" gets a Challenge and client "B" sends a LoginRequest for "Alice" with client "A"'s cookie and nonce
    Then the server answers client "B" with Error CH_BAD_COOKIE and closes the connection

  @CH-COOKIE-4
  Scenario: A stale cookie is refused
    When client "A" gets a Challenge and waits longer than the server's freshness window
    And client "A" sends a LoginRequest for "Alice"
    Then the server answers with Error CH_STALE_COOKIE and closes the connection

  @CH-REPLAY-1
  Scenario: A replayed LoginRequest is refused
    When client "A" sends a LoginRequest for "Alice" and the server answers with an EnvelopeResponse
    And client "A" closes its connection and sends the same LoginRequest again from the same address
    Then the server answers with Error CH_REPLAYED_COOKIE and closes the connection

  @CH-MSG-3 @CH-VER-1
  Scenario Outline: A ClientHello of another version or suite is refused with what the server supports
    When client "A" sends a ClientHello with version <version> and suite <suite>
    Then the server answers with Error <code> carrying version 1 and suite 1 and closes the connection

    Examples:
      | version | suite | code           |
      | 2       | 1     | CH_BAD_VERSION |
      | 0       | 1     | CH_BAD_VERSION |
      | 1       | 2     | CH_BAD_SUITE   |
      | 1       | 0     | CH_BAD_SUITE   |

  @CH-HELLO-4 @CH-COOKIE-3
  Scenario: A fifth ClientHello on one connection ends it
    When client "A" sends 5 ClientHellos on one connection
    Then the server answers the first 4 with Challenges and the next with Error CH_UNEXPECTED and closes the connection

  @CH-POP-2
  Scenario: A tampered proof of possession is refused
    When client "A" logs in as "Alice" with password "Alice" but flips one bit of its signature
    Then the server answers with Error CH_BAD_PROOF and closes the connection

  @CH-POP-1 @CH-POP-2 @CH-TH-1
  Scenario: A proof spliced from another session is refused
    When clients "A" and "B" both reach the Proof as "Alice" with password "Alice"
    And client "B" sends a Proof carrying client "A"'s signature
    Then the server answers client "B" with Error CH_BAD_PROOF and closes the connection

  @CH-PIN-3 @CH-KEX-2
  Scenario: A server with another key cannot answer a client that pinned the first key
    Given a second chat server on another fresh data directory
    When client "A" logs in to the second server as "Alice" with password "Alice" wrapping its secret to the first server's key
    Then the Challenge's key does not have the pinned fingerprint
    And the second server's EnvelopeResponse does not open under the keys the client derived
