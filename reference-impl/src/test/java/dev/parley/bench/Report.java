package dev.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Medians, ratios and target verdicts of one bench run, printed as a table and written as JSON and CSV. */
final class Report {

    /**
     * Medians of one contender at one loss rate over the rounds that ran.
     *
     * @param ratioVsRaw   median msgs/s over raw UDP's median at the same loss rate, null when either is missing
     * @param ratioVsAeron median msgs/s over Aeron's median at the same loss rate, null when either is missing
     */
    record Summary(double lossRate, String contender, int runs, int datagramBytes, int payloadBytes,
                   double medianMessagesPerSecond, double medianMegabytesPerSecond,
                   Double ratioVsRaw, Double ratioVsAeron, String note) {

        boolean available() {
            return runs > 0;
        }
    }

    /** A target's outcome: {@code verdict} is {@code met}, {@code not met} or {@code n/a}. */
    record Verdict(String target, double lossRate, String baseline, double factor, Double measured,
                   String verdict, String reason) {
    }

    private final List<Double> lossRates;
    private final List<Result> results;
    private final List<Summary> summaries = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();

    Report(List<Double> lossRates, List<String> contenders, List<Result> results) {
        this.lossRates = lossRates;
        this.results = List.copyOf(results);
        for (double loss : lossRates) {
            for (String contender : contenders) {
                summaries.add(summarize(loss, contender));
            }
        }
        for (Target target : Target.ISSUE_TARGETS) {
            verdicts.add(judge(target));
        }
    }

    List<Summary> summaries() {
        return summaries;
    }

    List<Verdict> verdicts() {
        return verdicts;
    }

    private Summary summarize(double loss, String contender) {
        List<Result> runs = available(loss, contender);
        String note = results.stream()
                .filter(r -> r.lossRate() == loss && r.contender().equals(contender) && !r.note().isEmpty())
                .map(Result::note).findFirst().orElse("");
        if (runs.isEmpty()) {
            return new Summary(loss, contender, 0, 0, 0, 0, 0, null, null, note);
        }
        double messages = medianMessagesPerSecond(runs);
        double megabytes = median(runs.stream().mapToDouble(Result::megabytesPerSecond).toArray());
        return new Summary(loss, contender, runs.size(), runs.get(0).datagramBytes(), runs.get(0).payloadBytes(),
                messages, megabytes, ratio(messages, available(loss, "raw")),
                ratio(messages, available(loss, "aeron")), note);
    }

    private List<Result> available(double loss, String contender) {
        return results.stream()
                .filter(r -> r.lossRate() == loss && r.contender().equals(contender) && r.available())
                .toList();
    }

    private static double medianMessagesPerSecond(List<Result> runs) {
        return median(runs.stream().mapToDouble(Result::messagesPerSecond).toArray());
    }

    private static Double ratio(double messages, List<Result> baseline) {
        if (baseline.isEmpty()) {
            return null;
        }
        double base = medianMessagesPerSecond(baseline);
        return base == 0 ? null : messages / base;
    }

    private Verdict judge(Target target) {
        String name = target.describe();
        if (!lossRates.contains(target.lossRate())) {
            return new Verdict(name, target.lossRate(), target.baseline(), target.factor(), null, "n/a",
                    "loss rate not in this run");
        }
        Summary parley = summaries.stream()
                .filter(s -> s.lossRate() == target.lossRate() && s.contender().equals("parley")).findFirst()
                .orElse(null);
        if (parley == null || !parley.available()) {
            return new Verdict(name, target.lossRate(), target.baseline(), target.factor(), null, "n/a",
                    parley == null ? "parley not in this run" : "parley unavailable: " + parley.note());
        }
        Double measured = "raw".equals(target.baseline()) ? parley.ratioVsRaw() : parley.ratioVsAeron();
        if (measured == null) {
            return new Verdict(name, target.lossRate(), target.baseline(), target.factor(), null, "n/a",
                    target.baseline() + " not measured in this run");
        }
        return new Verdict(name, target.lossRate(), target.baseline(), target.factor(), measured,
                measured >= target.factor() ? "met" : "not met", "");
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String percent(double rate) {
        return BigDecimal.valueOf(rate * 100).stripTrailingZeros().toPlainString() + " %";
    }

    void printTable(PrintStream out, String heading) {
        out.println(heading);
        out.println();
        out.printf(Locale.ROOT, "%-6s %-9s %4s %9s %9s %11s %13s %7s %7s%n",
                "loss", "contender", "runs", "datagram", "payload", "msgs/s", "goodput MB/s", "x raw", "x aeron");
        for (Summary s : summaries) {
            if (!s.available()) {
                out.printf(Locale.ROOT, "%-6s %-9s %4d   unavailable: %s%n", percent(s.lossRate()), s.contender(),
                        0, s.note());
                continue;
            }
            out.printf(Locale.ROOT, "%-6s %-9s %4d %9d %9d %,11.0f %13.1f %7s %7s%n",
                    percent(s.lossRate()), s.contender(), s.runs(), s.datagramBytes(), s.payloadBytes(),
                    s.medianMessagesPerSecond(), s.medianMegabytesPerSecond(),
                    format(s.ratioVsRaw()), format(s.ratioVsAeron()));
        }
        out.println();
        out.println("Targets (ratios of median msgs/s):");
        for (Verdict v : verdicts) {
            out.printf(Locale.ROOT, "  %-32s %8s  %s%s%n", v.target(), format(v.measured()), v.verdict(),
                    v.reason().isEmpty() ? "" : " (" + v.reason() + ")");
        }
    }

    private static String format(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** Writes {@code transport-bench.json} (every run, the summary, the verdicts) and {@code transport-bench.csv}. */
    List<Path> write(Path dir, Map<String, Object> meta) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> document = new LinkedHashMap<>(meta);
        document.put("runs", results);
        document.put("summary", summaries);
        document.put("targets", verdicts);
        Path json = dir.resolve("transport-bench.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), document);

        StringBuilder csv = new StringBuilder(
                "loss_rate,contender,runs,datagram_bytes,payload_bytes,median_msgs_per_s,median_goodput_mb_per_s,"
                        + "ratio_vs_raw,ratio_vs_aeron,note\n");
        for (Summary s : summaries) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.0f,%.2f,%s,%s,\"%s\"%n",
                    BigDecimal.valueOf(s.lossRate()).toPlainString(), s.contender(), s.runs(), s.datagramBytes(),
                    s.payloadBytes(), s.medianMessagesPerSecond(), s.medianMegabytesPerSecond(),
                    s.ratioVsRaw() == null ? "" : format(s.ratioVsRaw()),
                    s.ratioVsAeron() == null ? "" : format(s.ratioVsAeron()), s.note().replace("\"", "'")));
        }
        Path csvFile = dir.resolve("transport-bench.csv");
        Files.writeString(csvFile, csv);
        return List.of(json, csvFile);
    }
}
