/**
 * The framing-layer tester: {@link dev.parley.conformance.framing.FrameTesterCodec} writes frames with
 * the generated codec of {@code ksy/framing/} only, so the suite can put well-formed and broken frames
 * on a connection it plays by hand, and {@link dev.parley.conformance.framing.TestPattern} is the
 * suite's own implementation of the adapter contract's test patterns, to check the messages an IUT
 * reports without ever moving them through stdin.
 */
package dev.parley.conformance.framing;
