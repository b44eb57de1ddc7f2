/**
 * The framing layer (spec/framing.md): whole messages of any length, up to a bounded limit, over a
 * transport connection's byte stream, and one message sent to any number of connections. Only
 * {@link dev.parley.framing.FrameCodec} touches the generated codecs of {@code ksy/framing/}.
 */
package dev.parley.framing;
