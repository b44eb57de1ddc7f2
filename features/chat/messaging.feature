@chat @requires-chat.server @requires-chat.client
Feature: End-to-end messages with the implementation's client
  The suite logs a user of its own in to the implementation's server and plays that user's messaging
  peer on its own crypto, against the implementation's client (role `client`, spec/conformance.md
  section 18): the suite sends first messages (PeerOpen) and follow-ups (PeerMessage) and checks the
  client's `message` events and receipts, and that every tampered, replayed, forwarded, stale or
  downgraded PeerOpen is refused with its canonical code on the wire and never reported
  (spec/messaging.md sections 8.3 and 8.4).

  Background:
    Given a chat server on a fresh data directory with the seed users
    And the suite's user "Bob" logged in with password "Bob"
    And the IUT client logged in as "Alice" with password "Alice"

  @PM-OPEN-6 @PM-RCPT-1 @PM-RCV-4 @PM-KS-2 @CF-CLI-7
  Scenario: A first message and a follow-up from the suite are reported once each and acknowledged
    When the suite's user sends "hello Alice" to the IUT client
    Then the IUT client reports the message "hello Alice" from "Bob"
    And the suite's user receives a delivery receipt for it
    When the suite's user sends the follow-up "second, AEAD only"
    Then the IUT client reports the message "second, AEAD only" from "Bob"
    And the suite's user receives a delivery receipt for it

  @PM-SIG-1 @CF-CLI-7
  Scenario: A PeerOpen whose ciphertext was changed after signing is refused
    When the suite's user sends "tampered" to the IUT client with the PeerOpen CIPHERTEXT_BIT
    Then the IUT client answers with the PeerError PM_BAD_SIGNATURE and closes the connection
    And the IUT client reported no message

  @PM-SIG-1 @CF-CLI-7
  Scenario: A PeerOpen whose header was changed after signing is refused
    When the suite's user sends "tampered" to the IUT client with the PeerOpen HEADER_TIMESTAMP
    Then the IUT client answers with the PeerError PM_BAD_SIGNATURE and closes the connection
    And the IUT client reported no message

  @PM-SIG-1 @CF-CLI-7
  Scenario: A PeerOpen whose signature was stripped and replaced by another key's is refused
    When the suite's user sends "resigned" to the IUT client with the PeerOpen RESIGNED
    Then the IUT client answers with the PeerError PM_BAD_SIGNATURE and closes the connection
    And the IUT client reported no message

  @PM-OPEN-4 @CF-CLI-7
  Scenario: A replayed first message is refused and reported once only
    When the suite's user sends "only once" to the IUT client
    Then the IUT client reports the message "only once" from "Bob"
    And the suite's user receives a delivery receipt for it
    When the suite's user sends the same PeerOpen again on a new connection
    Then the IUT client answers with the PeerError PM_REPLAYED and closes the connection
    And the IUT client reported the message "only once" exactly once

  @PM-SEQ-2 @PM-RCV-5 @CF-CLI-7
  Scenario: A replayed follow-up is dropped without a report or a receipt
    When the suite's user sends "first" to the IUT client
    Then the IUT client reports the message "first" from "Bob"
    And the suite's user receives a delivery receipt for it
    When the suite's user sends the follow-up "follow-up"
    Then the IUT client reports the message "follow-up" from "Bob"
    And the suite's user receives a delivery receipt for it
    When the suite's user sends the same follow-up again
    And the suite's user sends the follow-up "after the replay"
    Then the IUT client reports the message "after the replay" from "Bob"
    And the suite's user receives a delivery receipt for it
    And the IUT client reported the message "follow-up" exactly once

  @PM-OPEN-2 @CF-CLI-7
  Scenario: A PeerOpen addressed to another user is refused
    When the suite's user sends "for Charlie" to the IUT client addressed to "Charlie"
    Then the IUT client answers with the PeerError PM_NOT_FOR_ME and closes the connection
    And the IUT client reported no message

  @PM-OPEN-3 @CF-CLI-7
  Scenario: A PeerOpen with a stale timestamp is refused
    When the suite's user sends "stale" to the IUT client with the PeerOpen STALE
    Then the IUT client answers with the PeerError PM_STALE and closes the connection
    And the IUT client reported no message

  @PM-RCV-1 @CF-CLI-7
  Scenario: A PeerOpen of another suite is refused
    When the suite's user sends "downgraded" to the IUT client with the PeerOpen SUITE_2
    Then the IUT client answers with the PeerError PM_BAD_SUITE and closes the connection
    And the IUT client reported no message

  # Not yet runnable: the suite would have to accept the IUT client's peer connection on its own UDP
  # socket (TransportTester only opens connections actively; a passive open is still to be written).
  @wip
  Scenario: A message from the IUT client reaches the suite's user and is reported delivered
    When the IUT client sends "hello Bob" to "Bob"
    Then the suite's user accepts the PeerOpen, verifies it and answers a delivery receipt
    And the IUT client reports the outcome DELIVERED for "Bob"

  # Not yet runnable (same reason; and the suite's second and third users need a login each).
  @wip
  Scenario: A send to an offline user fails within the bound and succeeds once the user logs in
    When the IUT client sends "are you there" to "Charlie"
    Then the IUT client reports the outcome OFFLINE for "Charlie"

  # Not yet runnable: the suite needs a user whose key changes between two logins (a second data directory).
  @wip
  Scenario: A peer presenting another key than the pinned one is reported
    Then the IUT client reports key_changed for "Bob"
