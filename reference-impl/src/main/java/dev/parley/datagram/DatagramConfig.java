package dev.parley.datagram;

import java.net.InetSocketAddress;

/**
 * Configuration of a {@link DatagramEndpoint}; every bound is checked here, where it is set.
 *
 * @param bind              local address; port 0 picks a free one
 * @param maxPacketSize     largest packet sent or accepted, header included [DG-MTU-1]
 * @param socketBufferBytes requested kernel send and receive buffer sizes [DG-BUF-1]
 * @param replyRatePerSecond how many echo replies and unreachables the endpoint sends per second [DG-RATE-1]
 * @param replyBurst        how many it may send at once
 * @param maxTrackedEndpoints how many endpoints get a reply bucket of their own [DG-RATE-3]
 */
public record DatagramConfig(InetSocketAddress bind, int maxPacketSize, int socketBufferBytes,
                             int replyRatePerSecond, int replyBurst, int maxTrackedEndpoints) {

    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_REPLY_RATE_PER_SECOND = 100;
    public static final int DEFAULT_REPLY_BURST = 100;
    public static final int DEFAULT_MAX_TRACKED_ENDPOINTS = 4096;

    public DatagramConfig {
        if (maxPacketSize < DatagramCodec.MIN_MAX_PACKET_SIZE || maxPacketSize > DatagramCodec.MAX_MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("max packet size must be in " + DatagramCodec.MIN_MAX_PACKET_SIZE + ".."
                    + DatagramCodec.MAX_MAX_PACKET_SIZE + ", got " + maxPacketSize);
        }
        if (socketBufferBytes < 64 * 1024 || socketBufferBytes > 256 * 1024 * 1024) {
            throw new IllegalArgumentException("socket buffer must be in 64 KiB..256 MiB, got " + socketBufferBytes);
        }
        if (replyRatePerSecond < 1 || replyBurst < 1) {
            throw new IllegalArgumentException("reply rate and burst must be at least 1");
        }
        if (maxTrackedEndpoints < 1 || maxTrackedEndpoints > 1 << 20) {
            throw new IllegalArgumentException("max tracked endpoints must be in 1..1048576, got " + maxTrackedEndpoints);
        }
    }

    /** Loopback, a free port, and every default. */
    public static DatagramConfig loopback() {
        return of(new InetSocketAddress("127.0.0.1", 0));
    }

    public static DatagramConfig of(InetSocketAddress bind) {
        return new DatagramConfig(bind, DatagramCodec.DEFAULT_MAX_PACKET_SIZE, DEFAULT_SOCKET_BUFFER_BYTES,
                DEFAULT_REPLY_RATE_PER_SECOND, DEFAULT_REPLY_BURST, DEFAULT_MAX_TRACKED_ENDPOINTS);
    }

    public DatagramConfig withMaxPacketSize(int size) {
        return new DatagramConfig(bind, size, socketBufferBytes, replyRatePerSecond, replyBurst, maxTrackedEndpoints);
    }

    public DatagramConfig withReplyRate(int perSecond, int burst) {
        return new DatagramConfig(bind, maxPacketSize, socketBufferBytes, perSecond, burst, maxTrackedEndpoints);
    }
}
