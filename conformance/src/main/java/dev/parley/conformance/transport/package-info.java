/**
 * The transport-layer tester: {@link dev.parley.conformance.transport.SegmentTesterCodec} builds and
 * reads segments with the generated codec of {@code ksy/transport/} only (never with the reference
 * implementation's classes) and is the suite's own reading of the segment checks;
 * {@link dev.parley.conformance.transport.TransportTester} plays one end of a connection by hand over a
 * datagram tester's socket, so it can also send duplicate, out-of-window, reset and
 * {@link dev.parley.conformance.transport.MalformedSegment malformed} segments on purpose; and
 * {@link dev.parley.conformance.transport.TransportCounters} reads the IUT's transport counters.
 */
package dev.parley.conformance.transport;
