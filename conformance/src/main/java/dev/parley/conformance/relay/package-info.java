/**
 * A seeded impairment relay: a UDP proxy on loopback that sits between a tester (or an
 * implementation under test) and its peer and loses, reorders, duplicates, corrupts and delays
 * datagrams, each direction configured on its own, reproducibly from a seed
 * ([CF-RELAY-1], spec/conformance.md). Every layer's scenarios reuse it through
 * {@link dev.parley.conformance.relay.ImpairmentRelay}.
 */
package dev.parley.conformance.relay;
