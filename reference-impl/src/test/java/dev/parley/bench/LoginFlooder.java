package dev.parley.bench;

import dev.parley.chat.ChatCodec;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatServerNode;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MessageConnection;
import dev.parley.framing.MessageListener;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The login bench's attacker process: floods a chat server with unauthenticated handshakes for a given time.
 * From each of several loopback addresses (127.0.0.2, 127.0.0.3, ...) it keeps a number of transport
 * connections to the chat port busy, and opens a new connection whenever the server closes one. A connection
 * sends a ClientHello and answers the Challenge with a bogus LoginRequest: in 40 % of the connections the
 * returned cookie with an unsolved proof of work (the server's check 4 fails, [CH-POW-1]), in 40 % a cookie with
 * a flipped MAC bit (check 2, [CH-COOKIE-2]); the other 20 % send ClientHellos until the fifth is refused
 * ([CH-HELLO-4]). None
 * of it does any work the honest client does: no puzzle, no RSA. When the server closes, it closes too.
 * <p>Arguments: {@code SERVER_PORT ADDRESSES CONNECTIONS_PER_ADDRESS SECONDS}. Prints {@code READY} once its
 * sockets are open and one line of totals ({@code FLOOD key=value ...}) at the end.
 */
public final class LoginFlooder {
    private static final AtomicLong CONNECTS = new AtomicLong();
    private static final AtomicLong HELLOS = new AtomicLong();
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong CHALLENGES = new AtomicLong();
    private static final AtomicLong ERRORS = new AtomicLong();
    private static final AtomicLong CLOSES = new AtomicLong();
    private static final AtomicBoolean RUNNING = new AtomicBoolean(true);

    private LoginFlooder() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int addresses = Integer.parseInt(args[1]);
        int perAddress = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        List<DatagramEndpoint> endpoints = new ArrayList<>();
        try {
            for (int a = 0; a < addresses; a++) {
                DatagramEndpoint e = DatagramEndpoint.open(
                        DatagramConfig.of(new InetSocketAddress("127.0.0." + (2 + a), 0)), Clock.SYSTEM);
                endpoints.add(e);
                TransportEndpoint t = DatagramTransport.attach(e, DatagramTransport.configFor(e));
                e.start();
                for (int c = 0; c < perAddress; c++) {
                    long seed = 1_000L * a + c;
                    e.execute(() -> open(e, t, server, new SplittableRandom(seed)));
                }
            }
            System.out.println("READY");
            System.out.flush();
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            }
            RUNNING.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "FLOOD seconds=%.1f connects=%d hellos=%d bogus_requests=%d challenges=%d errors=%d closes=%d"
                            + " messages_per_s=%.0f connects_per_s=%.0f",
                    elapsed, CONNECTS.get(), HELLOS.get(), REQUESTS.get(), CHALLENGES.get(), ERRORS.get(), CLOSES.get(),
                    (HELLOS.get() + REQUESTS.get()) / elapsed, CONNECTS.get() / elapsed));
            System.out.flush();
        } finally {
            for (DatagramEndpoint e : endpoints) {
                e.close();
            }
        }
    }

    /** One flood connection, on the endpoint's loop; replaced by a new one when it closes. */
    private static void open(DatagramEndpoint e, TransportEndpoint t, InetSocketAddress server, SplittableRandom random) {
        if (!RUNNING.get()) {
            return;
        }
        CONNECTS.incrementAndGet();
        int kind = random.nextInt(5) < 2 ? 0 : random.nextInt(3) < 2 ? 1 : 2; // 40 % bad puzzle, 40 % bad cookie, 20 % hellos
        byte[] clientNonce = new byte[32];
        random.nextBytes(clientNonce);
        byte[] hello = ChatCodec.encode(new ChatMessage.ClientHello(1, 1, clientNonce, ChatCodec.HELLO_LENGTH - 35));
        int[] hellosSent = {0};
        MessageConnection m = new MessageConnection(FramingConfig.defaults(), e::execute, new MessageListener() {
            @Override
            public void onOpen(MessageConnection c) {
                send(c, hello, HELLOS);
                hellosSent[0]++;
            }

            @Override
            public void onMessage(MessageConnection c, byte[] message) {
                ChatMessage decoded;
                try {
                    decoded = ChatCodec.decode(message);
                } catch (ChatException x) {
                    return;
                }
                if (decoded instanceof ChatMessage.Error) {
                    ERRORS.incrementAndGet();
                } else if (decoded instanceof ChatMessage.Challenge ch) {
                    CHALLENGES.incrementAndGet();
                    if (kind == 2) { // hellos until the fifth is refused [CH-HELLO-4]
                        send(c, hello, HELLOS);
                        hellosSent[0]++;
                    } else {
                        send(c, bogusRequest(ch.cookie(), clientNonce, kind, random), REQUESTS);
                    }
                }
            }

            @Override
            public void onPeerClosed(MessageConnection c) {
                c.close(); // the server refused and closed: close too, and start over on a new connection
            }

            @Override
            public void onClose(MessageConnection c, String code) {
                CLOSES.incrementAndGet();
                e.execute(() -> open(e, t, server, random));
            }
        });
        m.bind(t.connect(server, ChatServerNode.PORT, m));
    }

    private static void send(MessageConnection c, byte[] message, AtomicLong counter) {
        if (RUNNING.get()) {
            c.send(message);
            counter.incrementAndGet();
        }
    }

    private static byte[] bogusRequest(ChatMessage.Cookie cookie, byte[] clientNonce, int kind, SplittableRandom random) {
        byte[] mac = cookie.mac().clone();
        if (kind == 1) {
            mac[0] ^= 1; // a tampered cookie [CH-COOKIE-2]
        }
        ChatMessage.Cookie c = new ChatMessage.Cookie(cookie.keyId(), cookie.timestampMs(), cookie.difficulty(),
                cookie.serverNonce(), mac);
        byte[] wrapped = new byte[ChatCodec.WRAPPED_SECRET_LENGTH];
        random.nextBytes(wrapped);
        byte[] pow = new byte[8];
        random.nextBytes(pow); // not a solution, but for one chance in 2^difficulty
        return ChatCodec.encode(new ChatMessage.LoginRequest(1, 1, clientNonce, c, "Alice", wrapped, pow));
    }
}
