/**
 * The datagram layer (spec/datagram.md): one Parley packet per UDP datagram, with a version, the
 * next protocol, a length and a CRC-32C over the whole packet; the control protocol (echo and
 * unreachable); and {@link dev.parley.datagram.DatagramEndpoint}, the single event-loop thread that
 * owns a UDP socket, drops and counts malformed input, and runs the timers of the layers above.
 * {@link dev.parley.datagram.DatagramCodec} is the only class that touches the generated codecs.
 */
package dev.parley.datagram;
