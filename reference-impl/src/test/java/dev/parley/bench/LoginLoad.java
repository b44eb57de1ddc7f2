package dev.parley.bench;

import dev.parley.chat.ChatError;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clients logging in again and again, concurrently: one slot per user, each with its own UDP endpoint (its own
 * loop thread, where its puzzle, Argon2id and RSA run) and a driver thread that starts a login, waits for its
 * outcome (ticking the engine's timers every 100 ms), logs out, and starts the next. Every login is recorded.
 */
final class LoginLoad implements AutoCloseable {
    /** One login: when it started and ended (System.nanoTime), its error (null: it succeeded), its puzzle work. */
    record Sample(long startNanos, long endNanos, ChatError error, long powAttempts) {
        boolean ok() {
            return error == null;
        }

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    private final List<DatagramEndpoint> endpoints = new ArrayList<>();
    private final List<Thread> drivers = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean running = true;

    LoginLoad(InetSocketAddress server, byte[] pinnedSpki, List<String> usernames) throws IOException {
        for (String user : usernames) {
            DatagramEndpoint e = DatagramEndpoint.open(DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)),
                    Clock.SYSTEM);
            endpoints.add(e);
            TransportEndpoint t = DatagramTransport.attach(e, DatagramTransport.configFor(e));
            e.start();
            Thread d = new Thread(() -> drive(e, t, server, pinnedSpki, user), "login-load-" + user);
            d.setDaemon(true);
            drivers.add(d);
        }
        drivers.forEach(Thread::start);
    }

    private void drive(DatagramEndpoint e, TransportEndpoint t, InetSocketAddress server, byte[] pinned, String user) {
        SecureRandom random = new SecureRandom();
        while (running) {
            long start = System.nanoTime();
            LoginClientRun run = new LoginClientRun(e, t, server, user, user.toCharArray(), pinned, random);
            ChatError error;
            try {
                error = await(run);
            } catch (InterruptedException x) {
                run.end();
                return;
            }
            long end = System.nanoTime();
            run.end(); // logs out; the server unregisters the session and closes [CH-OUT-1]
            synchronized (samples) {
                samples.add(new Sample(start, end, error, run.powAttempts()));
            }
        }
    }

    /** The login's outcome, ticking its timers; a login still open after 60 s counts as a timeout. */
    static ChatError await(LoginClientRun run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                return run.outcome.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException x) {
                run.tick();
            } catch (java.util.concurrent.ExecutionException x) {
                return ChatError.CLOSED;
            }
        }
        return ChatError.TIMEOUT;
    }

    /** The logins that started in [fromNanos, toNanos). */
    List<Sample> startedIn(long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.startNanos() >= fromNanos && s.startNanos() < toNanos).toList();
        }
    }

    /** Starts no more logins and waits (at most about a minute) for the ones under way to end. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread d : drivers) {
            d.join(TimeUnit.SECONDS.toMillis(70));
        }
    }

    /** The logins that ended in [fromNanos, toNanos). */
    List<Sample> samples(long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.endNanos() >= fromNanos && s.endNanos() < toNanos).toList();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread d : drivers) {
            d.interrupt();
        }
        for (Thread d : drivers) {
            try {
                d.join(TimeUnit.SECONDS.toMillis(70));
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        }
        endpoints.forEach(DatagramEndpoint::close);
    }
}
