package dev.parley.bench;

import dev.parley.chat.AccountUsers;
import dev.parley.chat.ChatCodec;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatServerConfig;
import dev.parley.chat.ChatServerContext;
import dev.parley.chat.ChatServerNode;
import dev.parley.chat.Cookie;
import dev.parley.chat.Endpoint;
import dev.parley.chat.ProofOfWork;
import dev.parley.chat.Suite1;
import dev.parley.chat.account.DataDirectory;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The login bench's server process: the reference chat server wired exactly as {@code parley server} wires it
 * (one UDP socket on 127.0.0.1, the transport, {@link ChatServerNode}, the SQLite account store of a data
 * directory), with a configurable difficulty range, plus a line protocol on stdin through which the bench asks
 * for measurements taken inside this JVM. Every answer is one line of {@code key=value} pairs on stdout.
 * <pre>
 *   stats            the chat counters, the transport's connections and TIME_WAIT records, the process's
 *                    and the server loop thread's CPU time (ns)
 *   heap             heap used after a full GC (bytes)
 *   rsa SECONDS      RSA-3072 OAEP decryptions (per second and CPU ns each) and PSS signatures per second
 *                    with the server key, on one thread
 *   verify N         CPU ns per proof-of-work check and per cookie check of a LoginRequest, over N of each
 *   quit             stops
 * </pre>
 * Arguments: {@code DATA_DIR MIN_DIFFICULTY MAX_DIFFICULTY}.
 */
public final class LoginBenchServer {
    private LoginBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        ChatServerConfig config = ChatServerConfig.defaults();
        int min = Integer.parseInt(args[1]);
        int max = Integer.parseInt(args[2]);
        if (min != config.minDifficulty() || max != config.maxDifficulty()) {
            config = config.withDifficulty(min, max); // [CH-POW-7] a test configuration, stated in the report
        }
        ServerIdentity identity = ServerIdentity.load(data);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (SqliteAccountStore store = SqliteAccountStore.open(DataDirectory.accounts(data));
                DatagramEndpoint endpoint = DatagramEndpoint.open(
                        DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)), Clock.SYSTEM)) {
            TransportEndpoint transport = DatagramTransport.attach(endpoint, DatagramTransport.configFor(endpoint));
            ChatServerContext ctx = new ChatServerContext(config, identity.privateKey(),
                    identity.publicKey().getEncoded(), AccountUsers.of(store), new SecureRandom(),
                    System.currentTimeMillis());
            try (ChatServerNode server = new ChatServerNode(endpoint, transport, FramingConfig.defaults(), ctx)) {
                endpoint.start();
                int port = endpoint.localAddress().getPort();
                long loopThreadId = endpoint.submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS);
                System.out.println("READY port=" + port + " difficulty=" + min + ".." + max);
                System.out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    String[] w = line.trim().split("\\s+");
                    String answer;
                    try {
                        answer = switch (w[0]) {
                            case "stats" -> stats(server, endpoint, transport, threads, loopThreadId);
                            case "heap" -> "heap_used=" + heapUsedAfterGc();
                            case "rsa" -> rsa(identity.privateKey(), identity.publicKey(), Double.parseDouble(w[1]));
                            case "verify" -> verify(Integer.parseInt(w[1]));
                            case "quit" -> null;
                            default -> "error=unknown_command";
                        };
                    } catch (Exception e) {
                        answer = "error=" + e.toString().replace(' ', '_');
                    }
                    if (answer == null) {
                        break;
                    }
                    System.out.println(answer);
                    System.out.flush();
                }
            }
        }
    }

    private static String stats(ChatServerNode server, DatagramEndpoint endpoint, TransportEndpoint transport,
            ThreadMXBean threads, long loopThreadId) throws Exception {
        Map<String, Object> m = new TreeMap<>(server.stats().get(10, TimeUnit.SECONDS));
        m.putAll(endpoint.submit(() -> Map.of("transport_connections", transport.connectionCount(),
                "transport_time_wait", transport.timeWaitCount())).get(10, TimeUnit.SECONDS));
        m.put("process_cpu_ns", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
        m.put("loop_cpu_ns", threads.getThreadCpuTime(loopThreadId));
        ThreadInfo info = threads.getThreadInfo(loopThreadId);
        m.put("loop_thread", info == null ? "gone" : info.getThreadName());
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The server's private-key cost: OAEP decryptions (what a login costs the server [CH-KEX-2]) and, for
     * comparison, PSS signatures, each for {@code seconds} on this one thread after a short warm-up.
     */
    private static String rsa(PrivateKey key, PublicKey pub, double seconds) {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] wrapped = Suite1.oaepWrap(pub, secret, random);
        byte[] message = new byte[32];
        long budget = (long) (seconds * 1e9 / 2);
        for (int i = 0; i < 20; i++) { // warm-up
            check(Arrays.equals(secret, Suite1.oaepUnwrap(key, wrapped)));
            Suite1.pssSign(key, message, random);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long decrypts = 0;
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long t;
        do {
            check(Suite1.oaepUnwrap(key, wrapped) != null);
            decrypts++;
            t = System.nanoTime();
        } while (t - t0 < budget);
        double decryptPerSecond = decrypts * 1e9 / (t - t0);
        double decryptCpuNs = (threads.getCurrentThreadCpuTime() - c0) / (double) decrypts;
        long signs = 0;
        t0 = System.nanoTime();
        do {
            Suite1.pssSign(key, message, random);
            signs++;
            t = System.nanoTime();
        } while (t - t0 < budget);
        double signPerSecond = signs * 1e9 / (t - t0);
        return String.format(Locale.ROOT, "decrypt_per_s=%.2f decrypt_cpu_ns=%.0f sign_per_s=%.2f", decryptPerSecond,
                decryptCpuNs, signPerSecond);
    }

    /**
     * What the server spends on a LoginRequest before any private-key operation [CH-COST-1]: the proof-of-work
     * check [CH-POW-1] and the cookie check [CH-COOKIE-2], each timed (CPU time of this thread) over {@code n}
     * real-sized requests.
     */
    private static String verify(int n) {
        SecureRandom random = new SecureRandom();
        Cookie cookies = new Cookie(random, 60_000, 30_000, System.currentTimeMillis());
        byte[] clientNonce = new byte[32];
        random.nextBytes(clientNonce);
        Endpoint client = Endpoint.of(new InetSocketAddress("127.0.0.1", 40_000), 7);
        ChatMessage.Cookie cookie = cookies.mint(clientNonce, client, 20, System.currentTimeMillis());
        byte[] wrapped = new byte[ChatCodec.WRAPPED_SECRET_LENGTH];
        random.nextBytes(wrapped);
        byte[] request = ChatCodec.encode(new ChatMessage.LoginRequest(1, 1, clientNonce, cookie, "bench-user-00",
                wrapped, new byte[8]));
        int passed = 0;
        for (int i = 0; i < n; i++) { // warm-up
            request[request.length - 1] = (byte) i;
            passed += ProofOfWork.check(request, 20) ? 1 : 0;
            passed += cookies.verify(cookie, clientNonce, client, System.currentTimeMillis()) == null ? 1 : 0;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            request[request.length - 1] = (byte) i;
            passed += ProofOfWork.check(request, 20) ? 1 : 0;
        }
        long t1 = threads.getCurrentThreadCpuTime();
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            passed += cookies.verify(cookie, clientNonce, client, now) == null ? 1 : 0;
        }
        long t2 = threads.getCurrentThreadCpuTime();
        return String.format(Locale.ROOT, "pow_check_ns=%.1f cookie_check_ns=%.1f request_bytes=%d passed=%d",
                (t1 - t0) / (double) n, (t2 - t1) / (double) n, request.length, passed);
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("RSA round trip failed");
        }
    }
}
