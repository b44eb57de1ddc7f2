package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * spec/models/transport.pml, the Promela model of two connection ends over a lossy, duplicating,
 * reordering medium, agrees with spec/state-machines/transport-connection.yaml, and spin verifies it
 * [TR-SM-5].
 */
class PromelaModelTest {

    private static final Pattern STATES = Pattern.compile("mtype:State\\s*=\\s*\\{([^}]*)\\}");
    private static final Pattern ROW = Pattern.compile(
            "::\\s*ROW(G?)\\(([A-Z_0-9]+),\\s*([A-Z_0-9]+)(?:,\\s*([A-Z_0-9]+))?\\)\\s*->\\s*TO\\(([A-Z_0-9]+)\\)");
    /** Exhaustive search bound for CI: the small configuration of spec/models/README.md. */
    private static final List<String> CI_DEFINES = List.of("-DN_A=1", "-DN_B=0", "-DK_LOSS=1", "-DK_DUP=0", "-DBAG=2");
    private static final long SPIN_TIMEOUT_SECONDS = 420;

    @Test
    @DisplayName("[TR-SM-5] the model's connection states are the YAML's states")
    void modelStatesAreTheMachineStates() throws Exception {
        Matcher m = STATES.matcher(model());
        assertThat(m.find()).as("mtype:State in transport.pml").isTrue();
        Set<String> modelStates = new HashSet<>();
        for (String name : m.group(1).split(",")) {
            modelStates.add(name.trim());
        }
        Set<String> yamlStates = new HashSet<>();
        TransportDiagram.loadMachine().get("states").fieldNames().forEachRemaining(yamlStates::add);
        assertThat(modelStates).isEqualTo(yamlStates);
    }

    @Test
    @DisplayName("[TR-SM-5] every transition row of the model is a row of the YAML, with the same guard and target")
    void modelRowsAreMachineRows() throws Exception {
        Set<String> yamlRows = new HashSet<>();
        for (JsonNode t : TransportDiagram.loadMachine().get("transitions")) {
            yamlRows.add(t.get("from").asText() + "/" + t.get("input").asText() + "/" + t.path("guard").asText("")
                    + " -> " + t.get("to").asText());
        }
        List<String> modelRows = new ArrayList<>();
        Matcher m = ROW.matcher(model());
        while (m.find()) {
            modelRows.add(m.group(2) + "/" + m.group(3) + "/" + (m.group(4) == null ? "" : m.group(4)) + " -> " + m.group(5));
        }
        assertThat(modelRows).hasSizeGreaterThan(100);
        assertThat(yamlRows).containsAll(modelRows);
    }

    @Test
    @DisplayName("[TR-SM-5] spin finds no assertion violation, no unspecified reception and no invalid end state")
    void spinVerifiesTheModel() throws Exception {
        Assumptions.assumeTrue(onPath("spin") && onPath("gcc"),
                "spin and gcc are needed to model-check spec/models/transport.pml: apt-get install -y spin gcc");
        Path work = Files.createDirectories(Path.of("target", "spin"));
        Files.copy(SpecFiles.spec("models/transport.pml"), work.resolve("transport.pml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> spin = new ArrayList<>(List.of("spin"));
        spin.addAll(CI_DEFINES);
        spin.addAll(List.of("-a", "transport.pml"));
        run(work, spin);
        run(work, List.of("gcc", "-O2", "-DSAFETY", "-DNOCLAIM", "-o", "pan", "pan.c"));
        String report = run(work, List.of("./pan", "-m200000"));
        assertThat(report).as(report).contains("errors: 0").doesNotContain("assertion violated")
                .doesNotContain("invalid end state (");
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out;
        try (var in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!process.waitFor(SPIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + SPIN_TIMEOUT_SECONDS + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
        return text;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String model() throws Exception {
        return Files.readString(SpecFiles.spec("models/transport.pml"), StandardCharsets.UTF_8);
    }
}
