package dev.parley.transport;

import java.net.InetSocketAddress;

/** Demultiplexing key of a connection: remote address, local port, remote port [TR-DEMUX-1]. */
public record ConnectionKey(InetSocketAddress remote, int localPort, int remotePort) {
}
