package dev.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.chat.ChatCodec;
import dev.parley.chat.ChatError;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatServerConfig;
import dev.parley.chat.ProofOfWork;
import dev.parley.chat.Suite1;
import dev.parley.chat.account.Account;
import dev.parley.chat.account.Argon2Params;
import dev.parley.chat.account.DataDirectory;
import dev.parley.chat.account.Envelope;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The login measurements of issue 7 item 9 (reference-impl/BENCHMARKS.md, "Login"), in one run, each against a
 * baseline measured in the same run:
 * <ol>
 *   <li>server logins per second, many clients at a low fixed difficulty, against the bound set by the server's
 *       private-key operations (RSA-3072 OAEP decryptions per second measured in the server's JVM, one per login);
 *   <li>one client's login time at the default difficulty against the sum of its inherent costs measured in the
 *       client's JVM (Argon2id with the user's parameters, the expected puzzle time, its RSA operations);
 *   <li>the proof-of-work check's cost per LoginRequest against the private-key cost per login;
 *   <li>honest logins' success rate and p99 while another process floods the server with unauthenticated
 *       handshakes, against the same clients without the flood, and the server's heap after GC meanwhile.
 * </ol>
 * The server and the flooder are separate JVMs ({@link LoginBenchServer}, {@link LoginFlooder}); the clients run
 * here. Run it through Maven: {@code mvn -q -pl reference-impl -am -Pbench process-test-classes
 * -Dbench.main=dev.parley.bench.LoginBench -Dbench.args="..."}.
 */
@Command(name = "login-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Login throughput, latency, verification cost and flood resistance of the reference server.")
public final class LoginBench implements Callable<Integer> {
    static final String SINGLE_USER = "bench-single";

    @Option(names = "--parts", split = ",", paramLabel = "N",
            description = "Which measurements, of 1 (throughput), 2 (one login), 3 (verification), 4 (flood) (default: 1,2,3,4).")
    List<Integer> parts = List.of(1, 2, 3, 4);

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of parts 1 and 3 (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds per throughput round (default: ${DEFAULT-VALUE}).")
    double seconds = 10;

    @Option(names = "--warmup", paramLabel = "S", description = "Unmeasured seconds before each throughput round (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 3;

    @Option(names = "--server-warmup", paramLabel = "S",
            description = "Unmeasured seconds of logins before part 1's first round, for the JIT (default: ${DEFAULT-VALUE}).")
    double serverWarmupSeconds = 15;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients in part 1 (default: ${DEFAULT-VALUE}).")
    int clients = 16;

    @Option(names = "--low-difficulty", paramLabel = "BITS",
            description = "Fixed proof-of-work difficulty of part 1's server (default: ${DEFAULT-VALUE}).")
    int lowDifficulty = 8;

    @Option(names = "--rsa-seconds", paramLabel = "S",
            description = "Seconds of each RSA measurement in the server's JVM (default: ${DEFAULT-VALUE}).")
    double rsaSeconds = 4;

    @Option(names = "--single-logins", paramLabel = "N", description = "Logins of the single client in part 2 (default: ${DEFAULT-VALUE}).")
    int singleLogins = 7;

    @Option(names = "--baseline-seconds", paramLabel = "S", description = "Part 4 without the flood (default: ${DEFAULT-VALUE}).")
    double baselineSeconds = 20;

    @Option(names = "--flood-seconds", paramLabel = "S", description = "Part 4's flood (default: ${DEFAULT-VALUE}).")
    double floodSeconds = 30;

    @Option(names = "--honest-clients", paramLabel = "N", description = "Clients logging in during part 4 (default: ${DEFAULT-VALUE}).")
    int honestClients = 2;

    @Option(names = "--flood-addresses", paramLabel = "N",
            description = "Loopback addresses the flooder sends from, 127.0.0.2 on (default: ${DEFAULT-VALUE}).")
    int floodAddresses = 4;

    @Option(names = "--flood-connections", paramLabel = "N",
            description = "Flood connections kept busy per address (default: ${DEFAULT-VALUE}).")
    int floodConnections = 32;

    @Option(names = "--settle-seconds", paramLabel = "S",
            description = "Longest wait after the flood for the server to close its connections (default: ${DEFAULT-VALUE}).")
    double settleSeconds = 180;

    @Option(names = "--heap-every", paramLabel = "S", description = "Seconds between heap samples in part 4 (default: ${DEFAULT-VALUE}).")
    double heapEverySeconds = 2;

    @Option(names = "--server-jvm-arg", paramLabel = "ARG",
            description = "An extra JVM option of the server processes, e.g. a JFR recording; repeatable (default: none).")
    List<String> serverJvmArgs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for login-bench.json, logs and the data directory (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("target", "bench");

    @Spec
    CommandSpec spec;

    private String[] args = new String[0];
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();
    private Path data;
    private byte[] serverSpki;
    private KeyPair singleKeys;

    public static void main(String[] args) {
        LoginBench bench = new LoginBench();
        bench.args = args.clone();
        System.exit(new CommandLine(bench).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || seconds <= 0 || clients < 1 || honestClients < 1 || singleLogins < 1 || floodSeconds <= 0
                || lowDifficulty < 0 || lowDifficulty > 40 || floodAddresses < 1 || floodAddresses > 200) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad option value");
        }
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Files.createDirectories(outDir);
        prepareData();
        Map<String, Object> results = new LinkedHashMap<>();
        double decryptNs = Double.NaN;
        if (parts.contains(1) || parts.contains(3)) {
            try (ChildProcess server = startServer("low", lowDifficulty, lowDifficulty)) {
                int port = port(server);
                if (parts.contains(1)) {
                    Map<String, Object> p1 = throughput(server, port);
                    results.put("part1_throughput", p1);
                    decryptNs = (double) p1.get("decrypt_cpu_ms_median") * 1e6;
                }
                if (parts.contains(3)) {
                    results.put("part3_verification", verification(server, decryptNs));
                }
            }
        }
        if (parts.contains(2) || parts.contains(4)) {
            ChatServerConfig defaults = ChatServerConfig.defaults(); // 20..26 bits [CH-POW-5] [CH-POW-6]
            try (ChildProcess server = startServer("default", defaults.minDifficulty(), defaults.maxDifficulty())) {
                int port = port(server);
                if (parts.contains(2)) {
                    results.put("part2_single_login", singleLogin(port));
                }
                if (parts.contains(4)) {
                    results.put("part4_flood", flood(server, port));
                }
            }
        }
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "Parley login bench, %s, %d cores, %s %s", started,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version")));
        summary.forEach(System.out::println);
        json.put("bench", "dev.parley.bench.LoginBench");
        json.put("started", started.toString());
        json.put("args", List.of(args));
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "cpu", cpuModel(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "load_average_at_end", loadAverage()));
        json.put("results", results);
        Path file = outDir.resolve("login-bench.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("wrote " + file.toAbsolutePath().normalize());
        return 0;
    }

    // ------------------------------------------------------------------ setup

    /**
     * A fresh data directory: a server key, the throughput users bench-user-NN (password = name, Argon2id at its
     * minimum, m = 8 KiB, t = 1, so that part 1 and 4's clients spend their time on the protocol's other costs)
     * and bench-single with the default Argon2id parameters for part 2.
     */
    private void prepareData() throws IOException {
        data = outDir.resolve("login-data");
        if (Files.exists(data)) {
            try (Stream<Path> walk = Files.walk(data)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        SecureRandom random = new SecureRandom();
        System.err.println("login bench: generating RSA-3072 keys and accounts in " + data);
        ServerIdentity identity = ServerIdentity.generate(random);
        identity.save(data, false);
        serverSpki = identity.publicKey().getEncoded();
        KeyPair shared = ServerIdentity.generateKeyPair(random);
        singleKeys = ServerIdentity.generateKeyPair(random);
        try (SqliteAccountStore store = SqliteAccountStore.open(DataDirectory.accounts(data))) {
            for (String user : users(Math.max(clients, honestClients))) {
                store.add(Envelope.seal(user, user.toCharArray(), shared, new Argon2Params(8, 1, 1), random));
            }
            store.add(Envelope.seal(SINGLE_USER, SINGLE_USER.toCharArray(), singleKeys, Argon2Params.DEFAULT, random));
        } catch (Exception e) {
            throw new IOException("could not create the bench accounts: " + e, e);
        }
    }

    static List<String> users(int n) {
        List<String> u = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            u.add(String.format(Locale.ROOT, "bench-user-%02d", i));
        }
        return u;
    }

    private ChildProcess startServer(String name, int min, int max) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        serverJvmArgs.forEach(a -> jvm.add(a.replace("{name}", name)));
        ChildProcess server = new ChildProcess(LoginBenchServer.class, jvm,
                List.of(data.toString(), Integer.toString(min), Integer.toString(max)),
                outDir.resolve("login-server-" + name + ".log"));
        System.err.println("login bench: server (" + name + ", difficulty " + min + ".." + max + ") pid " + server.pid());
        return server;
    }

    private static int port(ChildProcess server) throws Exception {
        String ready = server.readLine(120);
        for (int skipped = 0; !ready.startsWith("READY") && skipped < 20; skipped++) { // a JVM option's own output
            ready = server.readLine(120);
        }
        if (!ready.startsWith("READY")) {
            throw new IllegalStateException("server said " + ready);
        }
        return Integer.parseInt(ChildProcess.parse(ready).get("port"));
    }

    // ------------------------------------------------------------------ part 1

    private Map<String, Object> throughput(ChildProcess server, int port) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> decrypts = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        List<Double> decryptCpu = new ArrayList<>();
        try (LoginLoad warmup = new LoginLoad(address, serverSpki, users(clients))) {
            pause(serverWarmupSeconds);
            warmup.stop();
        }
        for (int round = 1; round <= rounds; round++) {
            Map<String, String> rsa = server.ask("rsa " + rsaSeconds, 120);
            double decryptPerSecond = Double.parseDouble(rsa.get("decrypt_per_s"));
            double decryptCpuNs = Double.parseDouble(rsa.get("decrypt_cpu_ns"));
            Map<String, String> s0;
            Map<String, String> s1;
            long t0;
            long t1;
            long c0;
            long c1;
            List<LoginLoad.Sample> window;
            try (LoginLoad load = new LoginLoad(address, serverSpki, users(clients))) {
                pause(warmupSeconds);
                s0 = server.ask("stats", 30);
                c0 = ownCpuNanos();
                t0 = System.nanoTime();
                pause(seconds);
                s1 = server.ask("stats", 30);
                c1 = ownCpuNanos();
                t1 = System.nanoTime();
                window = load.samples(t0, t1);
                load.stop();
            }
            double elapsed = (t1 - t0) / 1e9;
            long logins = delta(s0, s1, "logins");
            double perSecond = logins / elapsed;
            double loopCpuPerLoginNs = logins == 0 ? Double.NaN : delta(s0, s1, "loop_cpu_ns") / (double) logins;
            double processCpuPerLoginNs = logins == 0 ? Double.NaN : delta(s0, s1, "process_cpu_ns") / (double) logins;
            double clientCpuPerLoginNs = logins == 0 ? Double.NaN : (c1 - c0) / (double) logins;
            long failed = window.stream().filter(s -> !s.ok()).count();
            double ratio = perSecond / decryptPerSecond; // one private-key operation per login [CH-KEX-2]
            double capacity = decryptCpuNs / loopCpuPerLoginNs;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("round", round);
            run.put("decrypt_per_s", decryptPerSecond);
            run.put("decrypt_cpu_ms", decryptCpuNs / 1e6);
            run.put("sign_per_s", Double.parseDouble(rsa.get("sign_per_s")));
            run.put("logins", logins);
            run.put("seconds", elapsed);
            run.put("logins_per_s", perSecond);
            run.put("x_bound", ratio);
            run.put("client_failures", failed);
            run.put("server_loop_cpu_per_login_ms", loopCpuPerLoginNs / 1e6);
            run.put("server_process_cpu_per_login_ms", processCpuPerLoginNs / 1e6);
            run.put("clients_process_cpu_per_login_ms", clientCpuPerLoginNs / 1e6);
            run.put("capacity_x_bound", capacity);
            run.put("load_average", loadAverage());
            run.put("server_stats_end", s1);
            runs.add(run);
            ratios.add(ratio);
            rates.add(perSecond);
            decrypts.add(decryptPerSecond);
            cpuRatios.add(capacity);
            decryptCpu.add(decryptCpuNs / 1e6);
            System.err.println(String.format(Locale.ROOT,
                    "part 1 round %d: %.1f logins/s, bound %.1f decrypts/s, %.2f x bound; CPU per login: server loop %.2f ms"
                            + " (one decrypt %.2f ms: capacity %.2f x bound), server process %.2f ms, clients %.2f ms;"
                            + " %d client failures; load average %.1f",
                    round, perSecond, decryptPerSecond, ratio, loopCpuPerLoginNs / 1e6, decryptCpuNs / 1e6, capacity,
                    processCpuPerLoginNs / 1e6, clientCpuPerLoginNs / 1e6, failed, loadAverage()));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("difficulty_bits", lowDifficulty);
        p.put("clients", clients);
        p.put("private_key_ops_per_login", 1);
        p.put("runs", runs);
        p.put("logins_per_s_median", median(rates));
        p.put("decrypt_per_s_median", median(decrypts));
        p.put("decrypt_cpu_ms_median", median(decryptCpu));
        p.put("x_bound_median", median(ratios));
        p.put("capacity_x_bound_median", median(cpuRatios));
        summary.add(String.format(Locale.ROOT,
                "1. server logins/s (%d clients, difficulty %d fixed): %.1f; bound %.1f (RSA-3072 OAEP decrypts/s, 1 per"
                        + " login); %.2f x bound, target >= 0.8: %s; capacity (one decrypt's CPU / the server loop's CPU"
                        + " per login): %.2f x bound",
                clients, lowDifficulty, median(rates), median(decrypts), median(ratios), met(median(ratios) >= 0.8),
                median(cpuRatios)));
        return p;
    }

    // ------------------------------------------------------------------ part 2

    /** A client's inherent costs, measured on this thread just before a login: wall and CPU seconds. */
    private record ClientCosts(double argonS, double argonCpuS, double hashesPerS, double hashesPerCpuS, double rsaS,
            double rsaCpuS) {
        double wall(double attempts) {
            return argonS + attempts / hashesPerS + rsaS;
        }

        double cpu(double attempts) {
            return argonCpuS + attempts / hashesPerCpuS + rsaCpuS;
        }
    }

    private ClientCosts clientCosts(SecureRandom random) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] salt = new byte[Account.SALT_LENGTH];
        random.nextBytes(salt);
        long c = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        Envelope.kdfKey(SINGLE_USER.toCharArray(), salt, Argon2Params.DEFAULT); // the user's stored parameters
        double argon = (System.nanoTime() - t) / 1e9;
        double argonCpu = (threads.getCurrentThreadCpuTime() - c) / 1e9;
        double[] rate = hashRate(random);
        PublicKey serverKey = Suite1.publicKey(serverSpki);
        PrivateKey userKey = singleKeys.getPrivate();
        List<Double> rsa = new ArrayList<>();
        List<Double> rsaCpu = new ArrayList<>();
        for (int i = 0; i < 7; i++) { // the client's RSA: one OAEP encryption [CH-KEX-1], one PSS signature [CH-POP-1]
            c = threads.getCurrentThreadCpuTime();
            t = System.nanoTime();
            Suite1.oaepWrap(serverKey, new byte[32], random);
            Suite1.pssSign(userKey, new byte[32], random);
            rsa.add((System.nanoTime() - t) / 1e9);
            rsaCpu.add((threads.getCurrentThreadCpuTime() - c) / 1e9);
        }
        return new ClientCosts(argon, argonCpu, rate[0], rate[1], median(rsa), median(rsaCpu));
    }

    private Map<String, Object> singleLogin(int port) throws Exception {
        SecureRandom random = new SecureRandom();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int difficulty = ChatServerConfig.defaults().minDifficulty(); // the default, 20 bits [CH-POW-5]
        double expectedAttempts = Math.pow(2, difficulty);
        clientCosts(random); // warm-up
        List<Map<String, Object>> logins = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        List<Double> inherentExpected = new ArrayList<>();
        List<Double> own = new ArrayList<>();
        List<Double> ownCpu = new ArrayList<>();
        long attemptsTotal = 0;
        ClientCosts last = null;
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        for (int i = 0; i < singleLogins; i++) {
            ClientCosts costs = clientCosts(random); // just before the login, so that both see the same machine
            last = costs;
            try (DatagramEndpoint e = DatagramEndpoint.open(DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)),
                    Clock.SYSTEM)) {
                TransportEndpoint t = DatagramTransport.attach(e, DatagramTransport.configFor(e));
                e.start();
                long loop = e.submit(() -> Thread.currentThread().getId()).get(10, java.util.concurrent.TimeUnit.SECONDS);
                long cpu0 = threads.getThreadCpuTime(loop);
                LoginClientRun run = new LoginClientRun(e, t, server, SINGLE_USER, SINGLE_USER.toCharArray(),
                        serverSpki, random);
                ChatError error = LoginLoad.await(run);
                long cpu1 = threads.getThreadCpuTime(loop);
                run.end();
                if (error != null) {
                    throw new IllegalStateException("part 2: login " + (i + 1) + " failed: " + error);
                }
                double s = run.loginNanos() / 1e9;
                long attempts = run.powAttempts();
                double cpuS = (cpu1 - cpu0) / 1e9;
                times.add(s);
                inherentExpected.add(costs.wall(expectedAttempts));
                own.add(s / costs.wall(attempts));
                ownCpu.add(cpuS / costs.cpu(attempts));
                attemptsTotal += attempts;
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("seconds", s);
                l.put("client_loop_cpu_s", cpuS);
                l.put("pow_attempts", attempts);
                l.put("argon2id_s", costs.argonS());
                l.put("hashes_per_s", costs.hashesPerS());
                l.put("hashes_per_cpu_s", costs.hashesPerCpuS());
                l.put("argon2id_cpu_s", costs.argonCpuS());
                l.put("rsa_s", costs.rsaS());
                l.put("inherent_expected_s", costs.wall(expectedAttempts));
                l.put("x_own_inherent", s / costs.wall(attempts));
                l.put("cpu_x_own_inherent_cpu", cpuS / costs.cpu(attempts));
                logins.add(l);
                System.err.println(String.format(Locale.ROOT,
                        "part 2 login %d: %.3f s (client loop CPU %.3f s), %,d puzzle attempts; inherent: Argon2id %.3f s,"
                                + " %.2f MH/s, RSA %.4f s; %.2f x its own inherent costs (CPU: %.2f x)",
                        i + 1, s, cpuS, attempts, costs.argonS(), costs.hashesPerS() / 1e6, costs.rsaS(),
                        s / costs.wall(attempts), cpuS / costs.cpu(attempts)));
            }
        }
        double mean = times.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double meanInherent = inherentExpected.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("difficulty_bits", difficulty);
        p.put("argon2id", Argon2Params.DEFAULT.toString());
        p.put("logins", logins);
        p.put("mean_pow_attempts", attemptsTotal / (double) singleLogins);
        p.put("login_s_median", median(times));
        p.put("login_s_mean", mean);
        p.put("inherent_expected_s_mean", meanInherent);
        p.put("mean_over_inherent_expected", mean / meanInherent);
        p.put("median_x_own_inherent", median(own));
        p.put("median_cpu_x_own_inherent_cpu", median(ownCpu));
        summary.add(String.format(Locale.ROOT,
                "2. one login (difficulty %d, %s), %d logins: mean %.3f s (median %.3f) vs inherent %.3f s (mean of the"
                        + " per-login measurements; last: Argon2id %.3f + 2^%d / %.2f MH/s = %.3f + RSA %.4f) = %.2f x"
                        + " (mean attempts %.2f x 2^%d); each login against its own attempts: median %.2f x (CPU %.2f x);"
                        + " target <= 1.3: %s",
                difficulty, Argon2Params.DEFAULT, singleLogins, mean, median(times), meanInherent, last.argonS(), difficulty,
                last.hashesPerS() / 1e6, expectedAttempts / last.hashesPerS(), last.rsaS(), mean / meanInherent,
                attemptsTotal / (double) singleLogins / expectedAttempts, difficulty, median(own), median(ownCpu),
                met(median(own) <= 1.3)));
        return p;
    }

    /**
     * Puzzle attempts per second of {@link ProofOfWork#solve} on a real-sized LoginRequest, over about 0.5 s: per
     * wall second and per CPU second of this thread.
     */
    private static double[] hashRate(SecureRandom random) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        ChatMessage.Cookie cookie = new ChatMessage.Cookie(0, 0, 14, new byte[32], new byte[32]);
        byte[] request = ChatCodec.encode(new ChatMessage.LoginRequest(1, 1, nonce, cookie, SINGLE_USER,
                new byte[ChatCodec.WRAPPED_SECRET_LENGTH], new byte[8]));
        long attempts = 0;
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long t;
        do {
            attempts += ProofOfWork.solve(request, 12, random.nextLong() >>> 1);
            t = System.nanoTime();
        } while (t - t0 < 500_000_000L);
        return new double[] {attempts * 1e9 / (t - t0), attempts * 1e9 / (threads.getCurrentThreadCpuTime() - c0)};
    }

    // ------------------------------------------------------------------ part 3

    private Map<String, Object> verification(ChildProcess server, double decryptNs) throws Exception {
        if (Double.isNaN(decryptNs)) {
            decryptNs = Double.parseDouble(server.ask("rsa " + rsaSeconds, 120).get("decrypt_cpu_ns"));
        }
        List<Double> pow = new ArrayList<>();
        List<Double> cookie = new ArrayList<>();
        String requestBytes = "";
        for (int round = 0; round < rounds; round++) {
            Map<String, String> v = server.ask("verify 50000", 120);
            requestBytes = v.get("request_bytes");
            pow.add(Double.parseDouble(v.get("pow_check_ns")));
            cookie.add(Double.parseDouble(v.get("cookie_check_ns")));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("login_request_bytes", requestBytes);
        p.put("pow_check_ns", pow);
        p.put("cookie_check_ns", cookie);
        p.put("pow_check_ns_median", median(pow));
        p.put("cookie_check_ns_median", median(cookie));
        p.put("private_key_ns_per_login", decryptNs);
        p.put("pow_over_private_key", median(pow) / decryptNs);
        summary.add(String.format(Locale.ROOT,
                "3. proof-of-work check per login: %.0f ns (cookie check %.0f ns) vs private-key cost per login %.0f ns"
                        + " (one OAEP decrypt), CPU time: %.5f x",
                median(pow), median(cookie), decryptNs, median(pow) / decryptNs));
        return p;
    }

    // ------------------------------------------------------------------ part 4

    private Map<String, Object> flood(ChildProcess server, int port) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        List<long[]> heap = new ArrayList<>(); // {nanoTime, bytes}
        HeapSampler sampler = new HeapSampler(server, heapEverySeconds, heap);
        Map<String, String> atBaseline;
        Map<String, String> before;
        Map<String, String> after;
        String floodTotals;
        long b0;
        long f0;
        long f1;
        LoginLoad load = new LoginLoad(address, serverSpki, users(honestClients));
        try {
            sampler.start();
            atBaseline = server.ask("stats", 30);
            b0 = System.nanoTime();
            pause(baselineSeconds);
            before = server.ask("stats", 30);
            f0 = System.nanoTime();
            try (ChildProcess flooder = new ChildProcess(LoginFlooder.class, List.of("-Xmx256m"),
                    List.of(Integer.toString(port), Integer.toString(floodAddresses), Integer.toString(floodConnections),
                            Double.toString(floodSeconds)), outDir.resolve("login-flooder.log"))) {
                String ready = flooder.readLine(60);
                if (!ready.startsWith("READY")) {
                    throw new IllegalStateException("flooder said " + ready);
                }
                floodTotals = flooder.readLine((long) floodSeconds + 60);
                f1 = System.nanoTime();
            }
            after = server.ask("stats", 30);
            load.stop(); // lets every started login finish
        } finally {
            load.close();
        }
        // the end: once the server has let go of the flood's connections (bounded wait), as the steady state after it
        long settle0 = System.nanoTime();
        long connectionsLeft;
        do {
            pause(1);
            connectionsLeft = Long.parseLong(server.ask("stats", 30).getOrDefault("connections", "-1"));
        } while (connectionsLeft > 0 && System.nanoTime() - settle0 < settleSeconds * 1e9);
        double settledAfter = (System.nanoTime() - settle0) / 1e9;
        Map<String, String> settled = server.ask("stats", 30);
        sampler.stop();
        long heapEnd = Long.parseLong(server.ask("heap", 60).get("heap_used"));
        long heapStart = heap.stream().filter(h -> h[0] < f0).mapToLong(h -> h[1]).reduce((a, b) -> b).orElse(-1);
        long heapPeak = heap.stream().filter(h -> h[0] >= f0 && h[0] <= f1).mapToLong(h -> h[1]).max().orElse(-1);
        Map<String, Object> base = honest(load.startedIn(b0, f0));
        Map<String, Object> flooded = honest(load.startedIn(f0, f1));
        Map<String, Object> p = new LinkedHashMap<>();
        ChatServerConfig defaults = ChatServerConfig.defaults();
        p.put("difficulty_bits", defaults.minDifficulty() + ".." + defaults.maxDifficulty());
        p.put("honest_clients", honestClients);
        p.put("baseline", base);
        p.put("flood", flooded);
        p.put("flooder", ChildProcess.parse(floodTotals));
        p.put("flooder_addresses", floodAddresses);
        p.put("flooder_connections_per_address", floodConnections);
        p.put("server_stats_before_flood", before);
        p.put("server_stats_after_flood", after);
        p.put("heap_start_bytes", heapStart);
        p.put("heap_peak_bytes", heapPeak);
        p.put("heap_end_bytes", heapEnd);
        p.put("end_sampled_after_s", settledAfter);
        p.put("server_stats_at_end", settled);
        p.put("server_connections_at_end", connectionsLeft);
        p.put("heap_samples", heap.stream().map(h -> List.of((h[0] - b0) / 1e9, h[1])).toList());
        long challenges = delta(before, after, "challenges");
        double loopBusyBaseline = delta(atBaseline, before, "loop_cpu_ns") / (double) (f0 - b0);
        double loopBusyFlood = delta(before, after, "loop_cpu_ns") / (double) (f1 - f0);
        p.put("server_loop_busy_baseline", loopBusyBaseline);
        p.put("server_loop_busy_flood", loopBusyFlood);
        // the loop's CPU that the flood cost: its CPU in the flood minus the honest logins' share, at the
        // baseline's CPU per login; per message of the flood (ClientHello or bogus LoginRequest) [CH-COST-1]
        Map<String, String> floodCounts = ChildProcess.parse(floodTotals);
        long baselineLogins = delta(atBaseline, before, "logins");
        double cpuPerHonestLogin = baselineLogins == 0 ? 0 : delta(atBaseline, before, "loop_cpu_ns") / (double) baselineLogins;
        long floodMessages = Long.parseLong(floodCounts.getOrDefault("hellos", "0"))
                + Long.parseLong(floodCounts.getOrDefault("bogus_requests", "0"));
        double floodCpuPerMessageUs = floodMessages == 0 ? Double.NaN
                : (delta(before, after, "loop_cpu_ns") - delta(before, after, "logins") * cpuPerHonestLogin) / floodMessages / 1e3;
        p.put("server_stats_at_baseline_start", atBaseline);
        p.put("server_loop_cpu_per_honest_login_ms", cpuPerHonestLogin / 1e6);
        p.put("server_loop_cpu_per_flood_message_us", floodCpuPerMessageUs);
        summary.add(String.format(Locale.ROOT,
                "4. flood %.0f s from %d addresses (%s hellos + bogus requests/s, %d challenges sent): honest logins"
                        + " %s ok, p50 %.2f s, p99 %.2f s; without flood %s ok, p50 %.2f s, p99 %.2f s;"
                        + " server heap after GC start/peak/end %.1f/%.1f/%.1f MiB (end %.0f s after the flood, %d connections left);"
                        + " server loop busy %.0f %% in the flood, %.0f %% without; the flood cost the server loop %.0f us"
                        + " of CPU per message",
                (f1 - f0) / 1e9, floodAddresses, ChildProcess.parse(floodTotals).get("messages_per_s"), challenges,
                flooded.get("ok_of"), flooded.get("p50_s"), flooded.get("p99_s"), base.get("ok_of"), base.get("p50_s"),
                base.get("p99_s"), heapStart / 1048576.0, heapPeak / 1048576.0, heapEnd / 1048576.0, settledAfter,
                connectionsLeft, 100 * loopBusyFlood, 100 * loopBusyBaseline, floodCpuPerMessageUs));
        return p;
    }

    private static Map<String, Object> honest(List<LoginLoad.Sample> samples) {
        List<Double> ok = samples.stream().filter(LoginLoad.Sample::ok).map(LoginLoad.Sample::seconds).sorted().toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", samples.size());
        m.put("succeeded", ok.size());
        m.put("ok_of", ok.size() + "/" + samples.size());
        m.put("success_rate", samples.isEmpty() ? Double.NaN : ok.size() / (double) samples.size());
        m.put("errors", samples.stream().filter(s -> !s.ok()).map(s -> s.error().code()).toList());
        m.put("p50_s", percentile(ok, 0.50));
        m.put("p99_s", percentile(ok, 0.99));
        m.put("max_s", ok.isEmpty() ? Double.NaN : ok.get(ok.size() - 1));
        return m;
    }

    /** Heap used after a full GC in the server's JVM, every few seconds, on its own thread. */
    private static final class HeapSampler {
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler(ChildProcess server, double everySeconds, List<long[]> into) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        long bytes = Long.parseLong(server.ask("heap", 60).get("heap_used"));
                        synchronized (into) {
                            into.add(new long[] {System.nanoTime(), bytes});
                        }
                        Thread.sleep((long) (everySeconds * 1000));
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.err.println("login bench: heap sample failed: " + e);
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(60_000);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void pause(double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
    }

    private static long delta(Map<String, String> a, Map<String, String> b, String key) {
        return Long.parseLong(b.getOrDefault(key, "0")) - Long.parseLong(a.getOrDefault(key, "0"));
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String met(boolean ok) {
        return ok ? "met" : "NOT met";
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
