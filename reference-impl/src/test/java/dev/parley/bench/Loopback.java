package dev.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Loopback helpers shared by the contenders. */
final class Loopback {

    /** Kernel send and receive buffers of every contender's sockets: 4 MiB remove most loopback drops. */
    static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A blocking IPv4 UDP channel with 4 MiB buffers, bound to a free loopback port. */
    static DatagramChannel openChannel() throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(HOST, 0));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A loopback UDP port that was free a moment ago (for contenders that bind it themselves). */
    static int freePort() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
            probe.bind(new InetSocketAddress(HOST, 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    /** Waits, yielding, until {@code condition} holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws TimeoutException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new TimeoutException(what + " within " + timeout);
            }
            Thread.yield();
        }
    }

    /** Starts a daemon thread that runs {@code body}, remembering the first failure in {@code failure}. */
    static Thread start(String name, Failure failure, ThrowingRunnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The first failure of a run's threads, rethrown by the main thread once the run is over. */
    static final class Failure {
        private volatile Throwable first;

        void set(Throwable e) {
            if (first == null) {
                first = e;
            }
        }

        void rethrow() throws Exception {
            Throwable e = first;
            if (e instanceof Exception exception) {
                throw exception;
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
    }
}
