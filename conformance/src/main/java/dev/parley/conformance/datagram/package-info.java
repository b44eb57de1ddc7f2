/**
 * The datagram-layer tester: {@link dev.parley.conformance.datagram.TesterCodec} builds and reads
 * packets and control messages with the generated codecs of {@code ksy/datagram/} only (never with
 * the reference implementation's classes), {@link dev.parley.conformance.datagram.Faults} breaks
 * them on purpose, {@link dev.parley.conformance.datagram.DatagramTester} sends and receives them
 * from its own loopback socket, and {@link dev.parley.conformance.datagram.ReceiveOracle} is the
 * suite's own reading of the receive checks, to tell which drop code a datagram must earn.
 */
package dev.parley.conformance.datagram;
