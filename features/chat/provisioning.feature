@chat @requires-chat.accounts
Feature: Provisioning a chat server through the adapter
  The suite provisions every chat scenario through the adapter's one-shot commands
  (spec/conformance.md, "Chat servers"): `init` creates a data directory with a server key and the
  seed users Alice, Bob, Charlie and Eve (passwords equal to their names) and prints the server key's
  fingerprint; `user_add` adds a user whose password it reads from standard input, never from the
  command line [AC-CLI-3].

  @AC-INIT-1 @AC-FP-1 @CF-CHAT-1
  Scenario: init prints the fingerprint of a new server key
    When the suite initialises the data directory "one"
    Then the init command exits with status 0 and prints a fingerprint of 64 lowercase hex digits
    And initialising the data directory "two" prints another fingerprint

  @AC-INIT-2 @CF-CHAT-1
  Scenario: init refuses to replace an existing server key
    Given the suite initialised the data directory "one"
    When the suite initialises the data directory "one" again
    Then the init command exits with status 1
    And the refused init printed no fingerprint

  @AC-CLI-3 @CF-CHAT-2
  Scenario: user_add reads the password from standard input
    Given the suite initialised the data directory "one"
    When the suite adds the user "Dave" with password "correct horse" to the data directory "one"
    Then the user_add command exits with status 0
    And adding the user "Dave" again to the data directory "one" exits with status 1
