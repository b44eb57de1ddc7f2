/**
 * The Parley conformance suite: drives any implementation under test (IUT) through processes and
 * UDP only, as the adapter contract (spec/conformance.md) says, and plays the parties the IUT
 * needs with tester peers built on the generated codecs. Subpackages: {@code iut} (config and
 * processes), {@code datagram} (the datagram-layer tester), {@code relay} (the impairment relay).
 */
package dev.parley.conformance;
