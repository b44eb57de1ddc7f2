@requires-datagram.echo @requires-datagram.stats
Feature: Replies are rate limited per endpoint
  Echo replies and unreachables to one endpoint are limited by a token bucket, by default 100 per
  second with a burst of 100, each endpoint with its own bucket; what the bucket refuses is not
  sent and is counted as rate_limited (spec/datagram.md, "Rate limiting of replies").

  Background:
    Given a node is running

  @DG-RATE-1 @DG-RATE-2 @DG-RATE-3
  Scenario: A burst of echo requests is answered up to the bucket, and another endpoint keeps its own
    When the tester sends 300 echo requests with identifier 5 as fast as it can
    Then the node answers at least 100 of them and at most 100 plus 100 per second of elapsed time
    And the node's stats count every unanswered request as rate limited
    And the node answers an echo request from a new tester with identifier 6, sequence 1 and data "my own bucket" within 2 seconds
