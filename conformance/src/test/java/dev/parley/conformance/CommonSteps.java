package dev.parley.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.iut.IutConfig;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * Process lifecycle and the adapter contract's own requests: admitting or skipping a scenario,
 * starting IUT processes, talking to them over stdin/stdout, and stopping them at the end.
 */
public final class CommonSteps {

    private static final String REQUIRES = "@requires-";

    private final World world;
    private IutProcess.Reply lastReply;

    public CommonSteps(World world) {
        this.world = world;
    }

    /**
     * Checks the IUT config before any scenario runs and prints the run header [CF-CFG-1]
     * [CF-CFG-2] [CF-CAP-2] [CF-DIS-1]. A bad config stops the run.
     */
    @BeforeAll
    public static void checkConfigAndPrintHeader() {
        IutConfig config = World.config();
        List<String> scenarioNames = FeatureIndex.scenarioNames(World.root().resolve("features"));
        for (IutConfig.Disabled d : config.disabled()) {
            if (scenarioNames.stream().noneMatch(name -> FeatureIndex.matches(name, d.scenario()))) {
                throw new IllegalArgumentException("IUT config " + config.source() + " disables scenario '"
                        + d.scenario() + "', which no feature has [CF-DIS-1]");
            }
        }
        System.out.println("Parley conformance suite");
        System.out.println("  iut:          " + config.name() + " (" + config.source() + ")");
        System.out.println("  capabilities: " + config.capabilities().stream().sorted().toList());
        System.out.println("  timing_scale: " + config.timingScale());
        System.out.println("  seed:         " + Seeds.run() + " (replay with -Dparley.seed=" + Seeds.run() + ")");
        if (!config.unknownCapabilities().isEmpty()) {
            System.out.println("  WARNING: capabilities unknown to this suite, ignored: " + config.unknownCapabilities());
        }
        System.out.flush();
    }

    /**
     * Skips (never passes) a scenario tagged {@code @wip}, one that requires a capability the IUT
     * does not declare, and one the IUT's config disables.
     */
    @Before(order = 0)
    public void admit(Scenario scenario) {
        world.begin(scenario);
        IutConfig config = World.config();
        if (scenario.getSourceTagNames().contains("@wip")) {
            throw new TestAbortedException("work in progress (@wip)");
        }
        List<String> missing = scenario.getSourceTagNames().stream().filter(t -> t.startsWith(REQUIRES))
                .map(t -> t.substring(REQUIRES.length())).filter(c -> !config.declares(c)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new TestAbortedException(missing.stream().map(c -> "capability " + c + " not declared")
                    .collect(Collectors.joining(", ")));
        }
        config.disabledReason(scenario.getName()).ifPresent(reason -> {
            throw new TestAbortedException("disabled by " + config.name() + ": " + reason);
        });
    }

    /** Stops everything; a process that ended on its own during a passing scenario fails it. */
    @After
    public void stopAll(Scenario scenario) {
        String context = scenario.isFailed() ? world.context() : null;
        List<IutProcess> endedEarly = world.end();
        if (context != null) {
            scenario.log(context);
        }
        if (!scenario.isFailed() && !endedEarly.isEmpty()) {
            IutProcess p = endedEarly.get(0);
            throw world.failure(p.silenceVerdict(), "the " + p.role() + " ended during the scenario: it " + p.state());
        }
    }

    /**
     * Runs after every other {@code @After} hook: deletes the workdir of a scenario that passed, keeps
     * (and the failure report prints) that of one that did not [CF-CMD-3].
     */
    @After(order = 0)
    public void removeWorkdirOfPassedScenario(Scenario scenario) {
        if (scenario.getStatus() == io.cucumber.java.Status.PASSED) {
            world.deleteWorkdir();
        }
    }

    @Given("a node is running")
    public void aNodeIsRunning() {
        world.check(() -> world.startNode(World.DEFAULT_MAX_PACKET));
    }

    @Given("a node is running with a maximum packet size of {int} bytes")
    public void aNodeIsRunningWithMaxPacket(int maxPacket) {
        world.check(() -> world.startNode(maxPacket));
    }

    @When("a node is started with a maximum packet size of {int} bytes")
    public void aNodeIsStartedWith(int maxPacket) {
        world.check(() -> {
            world.launch("node", Map.of("max_packet", Integer.toString(maxPacket))).expectExit();
        });
    }

    @Then("the node exits with code {int} within {int} seconds, without a READY line")
    public void theNodeRefusesToStart(int expected, int seconds) {
        world.check(() -> {
            theNodeExitsWith(expected, seconds);
            if (world.node().printedReady()) {
                throw world.failure(Verdict.WRONG, "the node printed READY although it should refuse to start");
            }
        });
    }

    @Then("the node is still running")
    public void theNodeIsStillRunning() {
        world.check(() -> {
            IutProcess node = world.node();
            if (!node.isAlive()) {
                throw world.failure(node.silenceVerdict(), "the node is not running: it " + node.state());
            }
        });
    }

    @When("the suite sends the node the op {string}")
    public void theSuiteSendsTheOp(String op) {
        world.check(() -> {
            if (op.equals("shutdown")) {
                world.expectEnd("node");
            }
            lastReply = world.node().request(op, Map.of(), world.scaled(World.REQUEST_TIMEOUT));
        });
    }

    @When("the suite writes the request line {string} to the node")
    public void theSuiteWritesALine(String line) {
        world.check(() -> lastReply = world.node().rawRequest(line, world.scaled(World.REQUEST_TIMEOUT)));
    }

    @When("the suite closes the node's standard input")
    public void theSuiteClosesStdin() {
        world.check(() -> world.node().closeStdin());
    }

    @Then("the node replies ok")
    public void theNodeRepliesOk() {
        world.check(() -> {
            if (!lastReply.ok()) {
                throw world.failure(Verdict.WRONG, "expected an ok reply, got: " + lastReply.line());
            }
        });
    }

    @Then("the node replies with error code {string}")
    public void theNodeRepliesWithError(String code) {
        world.check(() -> {
            if (lastReply.ok() || !code.equals(lastReply.errorCode())) {
                throw world.failure(Verdict.WRONG, "expected an error reply with code " + code + ", got: "
                        + lastReply.line());
            }
        });
    }

    @Then("the reply has the counts {string}")
    public void theReplyHasCounts(String names) {
        world.check(() -> {
            JsonNode result = lastReply.result();
            if (!lastReply.ok() || result == null || !result.isObject()) {
                throw world.failure(Verdict.WRONG, "expected an ok reply with a result object, got: " + lastReply.line());
            }
            for (String name : names.split(",\\s*")) {
                JsonNode value = result.get(name);
                boolean map = name.equals("delivered") || name.equals("dropped");
                if (value == null || (map ? !value.isObject() : !value.canConvertToLong())) {
                    throw world.failure(Verdict.WRONG, "stats result lacks " + (map ? "an object" : "a count") + " \""
                            + name + "\": " + lastReply.line());
                }
            }
        });
    }

    @Then("the node exits with code {int} within {int} seconds")
    public void theNodeExitsWith(int expected, int seconds) {
        world.check(() -> {
            IutProcess node = world.node();
            OptionalInt code = node.awaitExit(world.scaled(Duration.ofSeconds(seconds)));
            if (code.isEmpty()) {
                throw world.failure(Verdict.TIMEOUT, "the node did not exit within " + seconds + " s; it " + node.state());
            }
            if (code.getAsInt() != expected) {
                throw world.failure(code.getAsInt() == 0 ? Verdict.WRONG : Verdict.CRASH,
                        "the node should exit with code " + expected + " but " + node.state());
            }
        });
    }
}
