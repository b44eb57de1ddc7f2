package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Promela models of spec/models/ agree with their state machines, and spin verifies them: transport.pml
 * (two connection ends over a lossy, duplicating, reordering medium) against
 * spec/state-machines/transport-connection.yaml [TR-SM-5], and login.pml (Alice's logins to the server with an
 * active attacker on the network) against login-client.yaml and login-server.yaml [CH-SM-3]. The login model's
 * assertions are the server's injective correspondence with the client's transcript [CH-INV-3] [CH-POP-2]
 * [CH-REPLAY-1], the client's view of the server [CH-INV-1] [CH-PIN-3], the machines' total receptions with the
 * reviewed unlisted drops [CH-REC-1], and the end of every login [CH-INV-2]. The broken variants of login.pml
 * show that the search finds the attacks the protocol's bindings stop.
 */
class PromelaModelTest {

    private static final Logger LOG = LoggerFactory.getLogger(PromelaModelTest.class);

    private static final Pattern TRANSPORT_STATES = Pattern.compile("mtype:State\\s*=\\s*\\{([^}]*)\\}");
    private static final Pattern TRANSPORT_ROW = Pattern.compile(
            "::\\s*ROW(G?)\\(([A-Z_0-9]+),\\s*([A-Z_0-9]+)(?:,\\s*([A-Z_0-9]+))?\\)\\s*->\\s*TO\\(([A-Z_0-9]+)\\)");
    /** login.pml: {@code :: CROW(from, input) -> CTO(to)} (client) and {@code SROW}/{@code STO} (server). */
    private static final String LOGIN_ROW =
            "::\\s*%1$sROW(G?)\\(([A-Z_0-9]+),\\s*([A-Z_0-9]+)(?:,\\s*([A-Z_0-9]+))?\\)\\s*->\\s*%1$sTO\\(([A-Z_0-9]+)\\)";
    private static final String LOGIN_STATE = "#define %s_([A-Z_]+) \\d+";

    /** One process (spin, gcc, pan) may take this long; then it is destroyed and the test fails. */
    private static final long PROCESS_TIMEOUT_SECONDS = 900;

    /**
     * The checks spin runs, one per row: the model, its -D parameters, and whether the search must find a
     * violation (the broken variants) whose counter-example replay names the attack.
     *
     * <p>The transport configuration is the small one of spec/models/README.md. pan is compiled with -O0: on this
     * model gcc -O2 spends minutes on pan.c while the search gains less than that (README, "Model-check time").
     */
    static Stream<Arguments> spinRuns() {
        return Stream.of(
                Arguments.of("transport.pml", List.of("-DN_A=1", "-DN_B=0", "-DK_LOSS=1", "-DK_DUP=0", "-DBAG=2"), null),
                Arguments.of("login.pml", List.of(), null),
                Arguments.of("login.pml", List.of("-DSAME_ADDR", "-DK_INJ=0"), null),
                Arguments.of("login.pml", List.of("-DNO_TH_BINDING"), "accepted a login no run of Alice made"),
                Arguments.of("login.pml", List.of("-DNO_REPLAY_CACHE", "-DSAME_ADDR", "-DK_INJ=0"),
                        "accepted a replayed login"));
    }

    @ParameterizedTest(name = "[TR-SM-5] [CH-SM-3] spin {0} {1}: expected violation {2}")
    @MethodSource("spinRuns")
    @DisplayName("spin verifies each model exhaustively, or finds the attack in a broken variant")
    void spinChecksTheModel(String model, List<String> defines, String expectedViolation) throws Exception {
        Assumptions.assumeTrue(onPath("spin") && onPath("gcc"),
                "spin and gcc are needed to model-check spec/models/" + model + ": apt-get install -y spin gcc");
        String name = model.replace(".pml", "") + String.join("", defines).replace("-D", "_").replace("=", "");
        Path work = Files.createDirectories(Path.of("target", "spin", name));
        Files.copy(SpecFiles.spec("models/" + model), work.resolve(model), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(work.resolve(model + ".trail"));

        List<String> spin = new ArrayList<>(List.of("spin"));
        spin.addAll(defines);
        spin.addAll(List.of("-a", model));
        long start = System.nanoTime();
        run(work, spin);
        run(work, List.of("gcc", "-O0", "-DSAFETY", "-DNOCLAIM", "-o", "pan", "pan.c"));
        long compiled = System.nanoTime();
        String report = run(work, List.of("./pan", "-m200000"));
        long searched = System.nanoTime();
        LOG.info("spin {} {}: compile {} s, search {} s\n{}", model, defines, (compiled - start) / 1_000_000_000,
                (searched - compiled) / 1_000_000_000, summary(report));

        if (expectedViolation == null) {
            assertThat(report).as(report).contains("errors: 0").doesNotContain("assertion violated")
                    .doesNotContain("invalid end state (").doesNotContain("Search not completed");
        } else {
            assertThat(report).as(report).contains("assertion violated").doesNotContain("errors: 0");
            assertThat(work.resolve(model + ".trail")).exists();
            List<String> replay = new ArrayList<>(List.of("spin"));
            replay.addAll(defines);
            replay.addAll(List.of("-t", model));
            String trail = run(work, replay);
            assertThat(trail).as(trail).contains(expectedViolation);
        }
    }

    @Test
    @DisplayName("[TR-SM-5] transport.pml's connection states are the YAML's states")
    void transportStatesAreTheMachineStates() throws Exception {
        Matcher m = TRANSPORT_STATES.matcher(model("transport.pml"));
        assertThat(m.find()).as("mtype:State in transport.pml").isTrue();
        Set<String> modelStates = new HashSet<>();
        for (String name : m.group(1).split(",")) {
            modelStates.add(name.trim());
        }
        assertThat(modelStates).isEqualTo(yamlStates("transport-connection"));
    }

    @Test
    @DisplayName("[TR-SM-5] every transition row of transport.pml is a row of the YAML, with the same guard and target")
    void transportRowsAreMachineRows() throws Exception {
        List<String> modelRows = rows(TRANSPORT_ROW, model("transport.pml"));
        assertThat(modelRows).hasSizeGreaterThan(100);
        assertThat(yamlRows("transport-connection")).containsAll(modelRows);
    }

    @Test
    @DisplayName("[CH-SM-3] login.pml's client and server states are the YAMLs' states")
    void loginStatesAreTheMachineStates() throws Exception {
        String text = model("login.pml");
        assertThat(defined(Pattern.compile(String.format(LOGIN_STATE, "C")), text)).isEqualTo(yamlStates("login-client"));
        assertThat(defined(Pattern.compile(String.format(LOGIN_STATE, "S")), text)).isEqualTo(yamlStates("login-server"));
    }

    @Test
    @DisplayName("[CH-SM-3] login.pml's client and server rows are exactly the YAMLs' rows, with the same guards and targets")
    void loginRowsAreMachineRows() throws Exception {
        String text = model("login.pml");
        List<String> client = rows(Pattern.compile(String.format(LOGIN_ROW, "C")), text);
        List<String> server = rows(Pattern.compile(String.format(LOGIN_ROW, "S")), text);
        assertThat(client).doesNotHaveDuplicates();
        assertThat(server).doesNotHaveDuplicates();
        assertThat(new HashSet<>(client)).isEqualTo(yamlRows("login-client"));
        assertThat(new HashSet<>(server)).isEqualTo(yamlRows("login-server"));
    }

    private static List<String> rows(Pattern row, String text) {
        List<String> rows = new ArrayList<>();
        Matcher m = row.matcher(text);
        while (m.find()) {
            rows.add(m.group(2) + "/" + m.group(3) + "/" + (m.group(4) == null ? "" : m.group(4)) + " -> " + m.group(5));
        }
        return rows;
    }

    private static Set<String> defined(Pattern define, String text) {
        Set<String> names = new HashSet<>();
        Matcher m = define.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode machine(String name) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(SpecFiles.spec("state-machines/" + name + ".yaml").toFile());
    }

    private static Set<String> yamlStates(String name) throws IOException {
        Set<String> states = new HashSet<>();
        machine(name).get("states").fieldNames().forEachRemaining(states::add);
        return states;
    }

    private static Set<String> yamlRows(String name) throws IOException {
        Set<String> rows = new HashSet<>();
        for (JsonNode t : machine(name).get("transitions")) {
            rows.add(t.get("from").asText() + "/" + t.get("input").asText() + "/" + t.path("guard").asText("")
                    + " -> " + t.get("to").asText());
        }
        return rows;
    }

    /** pan's lines worth logging: the state count, depth, memory and time. */
    private static String summary(String report) {
        StringBuilder out = new StringBuilder();
        for (String line : report.split("\n")) {
            if (line.contains("State-vector") || line.contains("states, stored") || line.contains("transitions")
                    || line.contains("total actual memory") || line.contains("elapsed time")
                    || line.contains("assertion violated")) {
                out.append(line.strip()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Runs a command in dir with its output in a file (so a process that writes much cannot block on a full
     * pipe), waits at most PROCESS_TIMEOUT_SECONDS, destroys it on timeout, and returns its output.
     */
    private static String run(Path dir, List<String> command) throws Exception {
        Path log = dir.resolve(command.get(0).replace("./", "") + ".out");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + PROCESS_TIMEOUT_SECONDS
                    + " s; output so far:\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + tail(text)).isZero();
        return text;
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String model(String name) throws Exception {
        return Files.readString(SpecFiles.spec("models/" + name), StandardCharsets.UTF_8);
    }
}
