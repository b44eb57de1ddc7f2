package dev.parley.conformance;

import dev.parley.conformance.datagram.DatagramTester;
import dev.parley.conformance.datagram.DatagramTrace;
import dev.parley.conformance.iut.IutConfig;
import dev.parley.conformance.iut.IutException;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.relay.Direction;
import dev.parley.conformance.relay.Impairment;
import dev.parley.conformance.relay.ImpairmentRelay;
import io.cucumber.java.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.TestAbortedException;

/**
 * The one per-scenario object every step class shares (picocontainer): the IUT config, the
 * scenario's seed and random stream, its workdir, the IUT processes it started, the tester peers,
 * the impairment relay and the trace of datagrams. It turns every failure into a
 * {@link ConformanceFailure} that says how to reproduce it.
 */
public final class World {

    /** A step body that may fail in any way; {@link #check} turns the failure into a verdict. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration STOP_GRACE = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_PACKET = 1200;
    /** The framing layer's default message limit, 16 MiB [FR-LEN-2]: the value of {@code {max_message}}. */
    public static final long DEFAULT_MAX_MESSAGE = 16L * 1024 * 1024;
    /** The default memory budget of a node, 256 MiB [FR-MEM-1]: the value of {@code {max_memory}}. */
    public static final long DEFAULT_MAX_MEMORY = 256L * 1024 * 1024;

    /** Datagrams a failure report shows: {@code -Dparley.trace.lines=N}, default 16. */
    private static final int TRACE_LINES = Math.min(10_000, Math.max(1, Integer.getInteger("parley.trace.lines", 16)));
    private static final AtomicInteger SCENARIO_COUNTER = new AtomicInteger();
    private static volatile IutConfig sharedConfig;

    private long seed;
    private SplittableRandom random;
    private final DatagramTrace trace = new DatagramTrace(Math.max(200, TRACE_LINES));
    private final Map<String, IutProcess> processes = new LinkedHashMap<>();
    private final Map<String, String> attemptedCommands = new LinkedHashMap<>();
    private final List<DatagramTester> testers = new ArrayList<>();
    private Scenario scenario;
    private Path workdir;
    private ImpairmentRelay relay;
    private int maxPacket = DEFAULT_MAX_PACKET;
    private double timeScale = 1.0;
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();


    /** The repository root: {@code -Dparley.root}, else the nearest ancestor holding {@code features/}. */
    public static Path root() {
        String property = System.getProperty("parley.root", "").strip();
        if (!property.isEmpty()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("features")) && Files.isDirectory(dir.resolve("conformance"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root; set -Dparley.root");
    }

    /** The IUT config: {@code -Dparley.iut}, else {@code conformance/iut/reference.yaml}; read once per run. */
    public static IutConfig config() {
        IutConfig config = sharedConfig;
        if (config == null) {
            synchronized (World.class) {
                if (sharedConfig == null) {
                    String property = System.getProperty("parley.iut", "").strip();
                    Path path = property.isEmpty() ? root().resolve("conformance/iut/reference.yaml") : Path.of(property);
                    if (!path.isAbsolute() && !Files.exists(path)) {
                        path = root().resolve(property);
                    }
                    sharedConfig = IutConfig.load(path);
                }
                config = sharedConfig;
            }
        }
        return config;
    }

    void begin(Scenario current) {
        this.scenario = current;
        this.seed = Seeds.forScenario(scenarioId(current));
        this.random = new SplittableRandom(seed);
        String slug = current.getName().toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60);
        }
        workdir = root().resolve("conformance/target/iut-work")
                .resolve(String.format("%03d-%s", SCENARIO_COUNTER.incrementAndGet(), slug));
        try {
            Files.createDirectories(workdir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The scenario's seed, derived from the run seed and the scenario's place in the features. */
    public long seed() {
        return seed;
    }

    /** {@code features/datagram/echo.feature:11}: stable across runs and filters. */
    static String scenarioId(Scenario s) {
        String where;
        try {
            Path file = Path.of(s.getUri()).toAbsolutePath().normalize();
            where = file.startsWith(root()) ? root().relativize(file).toString().replace('\\', '/') : file.toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            where = s.getUri().toString();
        }
        return where + ":" + s.getLine();
    }

    /** The command that reruns this scenario with the same seed [CF-RELAY-2]. */
    public String reproduction() {
        String name = scenario == null ? "" : scenario.getName().replaceAll("([\\\\.^$|?*+()\\[\\]{}])", "\\\\$1")
                .replace("'", "'\\''");
        return "mvn -pl conformance -am verify -Dparley.iut=" + config().source() + " -Dparley.seed=" + Seeds.run()
                + " -Dcucumber.filter.name='^" + name + "$'";
    }

    /** The scenario's random stream, derived from its seed; draw in a fixed order to stay reproducible. */
    public SplittableRandom random() {
        return random;
    }

    public DatagramTrace trace() {
        return trace;
    }

    /** {@code timeout} multiplied by the IUT's timing scale. */
    public Duration scaled(Duration timeout) {
        return config().scaled(timeout);
    }

    public int maxPacket() {
        return maxPacket;
    }

    /** Starts the IUT's {@code node} command and waits for READY. */
    public IutProcess startNode(int maxPacketSize) {
        this.maxPacket = maxPacketSize;
        return start("node", Map.of("max_packet", Integer.toString(maxPacketSize)));
    }

    /** Starts the IUT command {@code role} with the scenario's placeholders plus {@code extra}, and waits for READY. */
    public IutProcess start(String role, Map<String, String> extra) {
        return startAs(role, role, extra);
    }

    /**
     * Starts the IUT command {@code role} as the process called {@code name} (scenarios with several
     * nodes call them "A", "B"...), and waits for READY.
     */
    public IutProcess startAs(String name, String role, Map<String, String> extra) {
        IutProcess process = launchAs(name, role, extra);
        process.awaitReady(scaled(READY_TIMEOUT));
        trace.name(process.udpAddress(), name);
        return process;
    }

    /** Starts the IUT command {@code role} without waiting for READY. */
    public IutProcess launch(String role, Map<String, String> extra) {
        return launchAs(role, role, extra);
    }

    /**
     * Starts the IUT command {@code role} as the process {@code name} without waiting for READY. The
     * placeholders are the scenario's ({@code {root}}, {@code {workdir}}, {@code {max_packet}},
     * {@code {max_message}}, {@code {max_memory}}, {@code {time_scale}}) overridden by {@code extra}.
     */
    public IutProcess launchAs(String name, String role, Map<String, String> extra) {
        if (processes.containsKey(name)) {
            throw new IllegalStateException("a " + name + " is already running in this scenario");
        }
        if (!config().commands().containsKey(role)) {
            throw new TestAbortedException("no command for role " + role);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("root", root().toString());
        values.put("workdir", workdir.toString());
        values.put("max_packet", Integer.toString(maxPacket));
        values.put("max_message", Long.toString(DEFAULT_MAX_MESSAGE));
        values.put("max_memory", Long.toString(DEFAULT_MAX_MEMORY));
        values.put("time_scale", Double.toString(timeScale));
        values.putAll(extra);
        List<String> command = config().command(role, values);
        attemptedCommands.put(name, String.join(" ", command));
        String label = name.equals(role) ? role : role + "-" + name;
        IutProcess process = IutProcess.launch(label, command, workdir);
        processes.put(name, process);
        return process;
    }

    /** True when the scenario started a process called {@code name}. */
    public boolean hasProcess(String name) {
        return processes.containsKey(name);
    }

    /**
     * The value of {@code {time_scale}} for the processes the scenario starts from now on: the IUT
     * multiplies its transport timers by it, so that scenarios about timeouts stay short.
     */
    public void timeScale(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("a time scale is positive, was " + value);
        }
        if (!processes.isEmpty()) {
            throw new IllegalStateException("set the time scale before the scenario starts a process");
        }
        this.timeScale = value;
    }

    public double timeScale() {
        return timeScale;
    }

    /** The scenario's workdir, {@code {workdir}}. */
    public Path workdir() {
        return workdir;
    }

    /** Closes {@code resource} when the scenario ends, before the processes stop. */
    public void closeAtEnd(AutoCloseable resource) {
        closeAtEnd.add(resource);
    }

    /** The running IUT process {@code role}; fails if the scenario did not start one. */
    public IutProcess process(String role) {
        IutProcess process = processes.get(role);
        if (process == null) {
            throw new IllegalStateException("the scenario has not started a " + role);
        }
        return process;
    }

    public IutProcess node() {
        return process("node");
    }

    /** The scenario's first tester peer, created on first use. */
    public DatagramTester tester() {
        return testers.isEmpty() ? newTester() : testers.get(0);
    }

    /** One more tester peer with its own socket. */
    public DatagramTester newTester() {
        DatagramTester tester = new DatagramTester(trace);
        testers.add(tester);
        trace.name(tester.address(), testers.size() == 1 ? "tester" : "tester" + testers.size());
        return tester;
    }

    /** Starts a relay in front of the node, seeded from the scenario's seed. */
    public ImpairmentRelay startRelay(Impairment toNode, Impairment fromNode) {
        return startRelay(node().udpAddress(), toNode, fromNode);
    }

    /** Starts a relay in front of {@code target}, seeded from the scenario's seed. */
    public ImpairmentRelay startRelay(InetSocketAddress target, Impairment toNode, Impairment fromNode) {
        if (relay != null) {
            throw new IllegalStateException("the scenario already has a relay");
        }
        try {
            relay = ImpairmentRelay.to(target)
                    .seed(random.nextLong())
                    .toTarget(toNode)
                    .fromTarget(fromNode)
                    .observer(new ImpairmentRelay.Observer() {
                        @Override
                        public void onForward(Direction direction, InetSocketAddress from, InetSocketAddress to,
                                              byte[] datagram) {
                            trace.record(from, to, datagram, direction == Direction.TO_TARGET ? "relayed" : "relayed back");
                        }

                        @Override
                        public void onLoss(Direction direction, InetSocketAddress from, InetSocketAddress to,
                                           byte[] datagram) {
                            trace.record(from, to, datagram, "LOST by the relay");
                        }
                    })
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the impairment relay", e);
        }
        trace.name(relay.address(), "relay");
        return relay;
    }

    /** True when the scenario started a relay. */
    public boolean hasRelay() {
        return relay != null;
    }

    public ImpairmentRelay relay() {
        if (relay == null) {
            throw new IllegalStateException("the scenario has not started a relay");
        }
        return relay;
    }

    /**
     * Runs a step body; any failure comes out as a {@link ConformanceFailure} with a verdict, the
     * command lines, the seed and the last datagrams.
     */
    public void check(Check body) {
        try {
            body.run();
        } catch (ConformanceFailure f) {
            throw f;
        } catch (IutException e) {
            throw failure(refine(e.verdict()), e.getMessage(), e);
        } catch (AssertionError e) {
            throw failure(refine(Verdict.WRONG), e.getMessage(), e);
        } catch (Exception e) {
            throw new ConformanceFailure("[ERROR] the suite could not run this step: " + e + "\n" + context(), e);
        }
    }

    /** A failure with {@code verdict} (refined by the processes' state) and the reproduction context. */
    public ConformanceFailure failure(Verdict verdict, String what) {
        return failure(refine(verdict), what, null);
    }

    private ConformanceFailure failure(Verdict verdict, String what, Throwable cause) {
        return new ConformanceFailure("[" + verdict + "] " + what + "\n" + context(), cause);
    }

    /** A wait that came back empty says TIMEOUT only while every process is still alive. */
    private Verdict refine(Verdict verdict) {
        if (verdict != Verdict.TIMEOUT) {
            return verdict;
        }
        for (IutProcess p : processes.values()) {
            if (p.endedUnexpectedly()) {
                return p.silenceVerdict();
            }
        }
        return verdict;
    }

    /** How to reproduce: IUT, exact commands, process states, seed, relay, stderr tails, last datagrams. */
    public String context() {
        StringBuilder text = new StringBuilder();
        IutConfig config = config();
        text.append("  iut:      ").append(config.name()).append(" (").append(config.source()).append(")\n");
        attemptedCommands.forEach((role, attempted) -> {
            IutProcess p = processes.get(role);
            text.append("  command:  ").append(p == null ? attempted : p.commandLine()).append("   [").append(role)
                    .append("]\n");
            if (p != null) {
                text.append("  ").append(String.format("%-9s", role + ":")).append(" ").append(p.state())
                        .append(p.printedReady() ? ", udp 127.0.0.1:" + p.udpPort() : ", no READY line")
                        .append(", stderr ").append(p.stderrFile()).append('\n');
                p.violations().forEach(v -> text.append("  contract: ").append(v).append('\n'));
            }
        });
        text.append("  workdir:  ").append(workdir).append('\n');
        text.append("  seed:     run ").append(Seeds.run()).append(", scenario ").append(seed).append('\n');
        text.append("  rerun:    ").append(reproduction()).append('\n');
        if (relay != null) {
            text.append("  relay:    ").append(relay).append('\n');
            text.append("            to node:   ").append(relay.counts(Direction.TO_TARGET)).append('\n');
            text.append("            from node: ").append(relay.counts(Direction.FROM_TARGET)).append('\n');
        }
        processes.forEach((role, p) -> {
            List<String> tail = p.stderrTail(10);
            if (!tail.isEmpty()) {
                text.append("  stderr of ").append(role).append(" (last ").append(tail.size()).append(" lines):\n");
                tail.forEach(line -> text.append("    ").append(line).append('\n'));
            }
        });
        List<String> datagrams = trace.render(TRACE_LINES);
        text.append("  last datagrams (").append(datagrams.size()).append(" of ").append(trace.total())
                .append(", oldest first):\n");
        datagrams.forEach(line -> text.append("    ").append(line).append('\n'));
        return text.toString();
    }

    /**
     * Ends the scenario: closes testers and relay, stops the processes (EOF on stdin, then
     * terminate, then kill). Returns the processes that had ended on their own before.
     */
    List<IutProcess> end() {
        List<IutProcess> endedEarly = new ArrayList<>();
        for (IutProcess p : processes.values()) {
            if (p.endedUnexpectedly()) {
                endedEarly.add(p);
            }
        }
        for (AutoCloseable resource : closeAtEnd) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Ending the scenario anyway; the resource belongs to the suite.
            }
        }
        testers.forEach(DatagramTester::close);
        RuntimeException relayFailure = null;
        if (relay != null) {
            try {
                relay.close();
            } catch (RuntimeException e) {
                relayFailure = e;
            }
        }
        processes.values().forEach(p -> p.stop(scaled(STOP_GRACE)));
        if (relayFailure != null) {
            throw relayFailure;
        }
        return endedEarly;
    }

    /**
     * Deletes the scenario's workdir; for scenarios that passed, so that their stderr logs do not pile
     * up. A failed scenario's workdir is kept and printed [CF-CMD-3].
     */
    void deleteWorkdir() {
        if (workdir == null || !Files.isDirectory(workdir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(workdir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A file still held open (a process that would not die) keeps the directory; harmless.
        }
    }

    /** Marks a process as expected to end during the scenario, so the end check leaves it alone. */
    void expectEnd(String role) {
        process(role).expectExit();
    }
}
