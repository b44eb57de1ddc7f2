/**
 * The Parley transport layer (spec/transport.md): reliable, ordered, flow- and congestion-controlled
 * byte-stream connections multiplexed by ports over the one UDP socket, carried in datagram-layer
 * packets with {@code next_protocol} 2. The engine is sans-IO: {@link dev.parley.transport.TransportEndpoint}
 * is fed segments, unreachable reports and timeouts with the current time by the datagram layer's
 * single loop thread, and sends through a {@link dev.parley.transport.SegmentSink}. Every connection's
 * states and transitions come from one {@link dev.parley.transport.TransitionTable}, checked against
 * spec/state-machines/transport-connection.yaml by a test.
 */
package dev.parley.transport;
