package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * Bulk-transfer goodput on loopback of raw UDP, Aeron and Parley at several loss rates, in one run.
 * For each loss rate the contenders take turns (A, B, C, A, B, C, ...) for {@code --rounds} rounds, so
 * that the machine's drift hits every contender alike; the report gives medians and ratios against the
 * raw UDP and Aeron baselines measured in the same run (reference-impl/BENCHMARKS.md).
 *
 * <p>Run it through Maven, which forks a JVM with the {@code --add-opens} Aeron needs:
 * {@code mvn -q -pl reference-impl -am -Pbench process-test-classes -Dbench.args="--seconds 3 --rounds 3"}.
 */
@Command(name = "transport-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Goodput of a bulk transfer of 1200-byte datagrams on loopback: raw UDP, Aeron, Parley.")
public final class TransportBench implements Callable<Integer> {

    @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    double seconds = 3;

    @Option(names = "--warmup", paramLabel = "S",
            description = "Unmeasured seconds at the start of each run (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 1;

    @Option(names = "--rounds", paramLabel = "N", description = "Runs per contender and loss rate (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--loss", split = ",", paramLabel = "RATE",
            description = "Loss rates in [0, 1), comma separated (default: 0,0.01,0.05).")
    List<Double> lossRates = List.of(0.0, 0.01, 0.05);

    @Option(names = "--contenders", split = ",", paramLabel = "NAME",
            description = "Any of raw, aeron, parley, in the order they take turns (default: raw,aeron,parley).")
    List<String> contenderNames = List.of("raw", "aeron", "parley");

    @Option(names = "--seed", description = "Seed of the loss generators (default: ${DEFAULT-VALUE}).")
    long seed = 20_260_101L;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for transport-bench.json and .csv (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("target", "bench");

    @Spec
    CommandSpec spec;

    private String[] args = new String[0];

    public static void main(String[] args) {
        TransportBench bench = new TransportBench();
        bench.args = args.clone();
        System.exit(new CommandLine(bench).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Duration warmup = Duration.ofMillis(Math.round(warmupSeconds * 1000));
        Duration duration = Duration.ofMillis(Math.round(seconds * 1000));
        List<Contender> contenders = contenderNames.stream().map(name -> contender(name, warmup)).toList();
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

        List<Result> results = new ArrayList<>();
        for (int lossIndex = 0; lossIndex < lossRates.size(); lossIndex++) {
            double loss = lossRates.get(lossIndex);
            for (int round = 1; round <= rounds; round++) {
                // Same loss pattern for every contender within a round; a new one each round.
                long runSeed = seed + 1_000L * lossIndex + round;
                for (Contender contender : contenders) {
                    Result result = runOne(contender, loss, duration, runSeed);
                    results.add(result);
                    System.err.println(progress(result, round));
                }
            }
        }

        Report report = new Report(lossRates, contenderNames, results);
        String heading = String.format(Locale.ROOT,
                "Parley transport bench, %s, %d cores, %s; loopback, medians of %d round(s) x %s s (+%s s warm-up)",
                started, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), rounds, trim(seconds), trim(warmupSeconds));
        System.out.println();
        report.printTable(System.out, heading);
        for (Path file : report.write(outDir, meta(started))) {
            System.out.println("wrote " + file.toAbsolutePath().normalize());
        }
        return 0;
    }

    private void validate() {
        if (seconds <= 0 || warmupSeconds < 0 || rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be > 0, --warmup >= 0 and --rounds >= 1");
        }
        for (double loss : lossRates) {
            if (!(loss >= 0 && loss < 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "loss rate out of [0, 1): " + loss);
            }
        }
        if (contenderNames.isEmpty() || contenderNames.stream().distinct().count() != contenderNames.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--contenders must name each contender once");
        }
    }

    private static Contender contender(String name, Duration warmup) {
        return switch (name) {
            case "raw" -> new RawUdpContender(warmup);
            case "aeron" -> new AeronContender(warmup);
            case "parley" -> new ParleyContender(warmup);
            default -> throw new IllegalArgumentException("unknown contender " + name + " (raw, aeron, parley)");
        };
    }

    /**
     * A run that throws is reported as unavailable with the reason and the other runs go on; a linkage
     * error (a JVM started without Aeron's add-opens, say) counts as such a failure too.
     */
    private static Result runOne(Contender contender, double loss, Duration duration, long seed) {
        try {
            return contender.run(loss, duration, seed);
        } catch (Exception | LinkageError e) {
            e.printStackTrace();
            return Result.unavailable(contender.name(), loss, "run failed: " + e);
        }
    }

    private static String progress(Result r, int round) {
        if (!r.available()) {
            return String.format(Locale.ROOT, "loss %-6s round %d %-7s unavailable: %s",
                    Report.percent(r.lossRate()), round, r.contender(), r.note());
        }
        return String.format(Locale.ROOT, "loss %-6s round %d %-7s %,10.0f msgs/s %8.1f MB/s  slowest 100 ms: %,.0f msgs/s%s",
                Report.percent(r.lossRate()), round, r.contender(), r.messagesPerSecond(), r.megabytesPerSecond(),
                r.slowestIntervalMessagesPerSecond(), r.counters().isEmpty() ? "" : "  " + r.counters());
    }

    private Map<String, Object> meta(OffsetDateTime started) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("bench", "dev.parley.bench.TransportBench");
        meta.put("started", started.toString());
        meta.put("args", List.of(args));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("seconds", seconds);
        options.put("warmupSeconds", warmupSeconds);
        options.put("rounds", rounds);
        options.put("lossRates", lossRates);
        options.put("contenders", contenderNames);
        options.put("seed", seed);
        meta.put("options", options);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        meta.put("machine", machine);
        return meta;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
