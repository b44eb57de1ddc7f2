package dev.parley.transport;

import java.net.InetSocketAddress;

/** Where the engine sends segments: the datagram loop wraps each in a packet with next_protocol 2. */
@FunctionalInterface
public interface SegmentSink {
    void send(InetSocketAddress to, byte[] segment);
}
