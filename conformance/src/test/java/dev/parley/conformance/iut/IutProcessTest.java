package dev.parley.conformance.iut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("IutProcess: READY, JSON Lines requests and replies, events, and the four failure verdicts")
class IutProcessTest {

    private static final Duration READY = Duration.ofSeconds(15);
    private static final Duration REPLY = Duration.ofSeconds(5);

    @TempDir
    Path workdir;

    @Test
    void readsTheReadyPortAndMatchesRepliesToRequests() {
        try (IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY)) {
            assertThat(iut.udpPort()).isBetween(1, 65_535);
            assertThat(iut.call("stats", Map.of(), REPLY).get("received").asLong()).isZero();
            IutProcess.Reply unsupported = iut.request("frobnicate", Map.of(), REPLY);
            assertThat(unsupported.ok()).isFalse();
            assertThat(unsupported.errorCode()).isEqualTo("UNSUPPORTED_OP");
            assertThat(iut.stderrTail(5)).contains("fake iut starting in mode good");
        }
    }

    @Test
    void collectsEventsApartFromReplies() {
        try (IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY)) {
            assertThatThrownBy(() -> iut.request("event", Map.of(), Duration.ofMillis(300)))
                    .isInstanceOf(IutException.class);
            assertThat(iut.awaitEvent(e -> e.get("event").asText().equals("something"), REPLY)).isPresent();
        }
    }

    @Test
    void submitsRequestsWhoseRepliesAreAwaitedLater() {
        try (IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY)) {
            IutProcess.PendingRequest hanging = iut.submit("hang", Map.of());
            IutProcess.PendingRequest stats = iut.submit("stats", Map.of());

            assertThat(stats.await(REPLY).ok()).isTrue();
            assertThat(hanging.isDone()).isFalse();
            assertThatThrownBy(() -> hanging.await(Duration.ofMillis(200)))
                    .isInstanceOf(IutException.class)
                    .satisfies(e -> assertThat(((IutException) e).verdict()).isEqualTo(Verdict.TIMEOUT));
        }
    }

    @Test
    void killsAProcessThatThenEndedAsExpected() {
        IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY);

        iut.kill();

        assertThat(iut.isAlive()).isFalse();
        assertThat(iut.endedUnexpectedly()).isFalse();
    }

    @Test
    void exitsWithZeroAtEndOfInputAndAfterShutdown() {
        IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY);
        assertThat(iut.stop(REPLY)).isEqualTo(new IutProcess.Exit(0, true, false));

        IutProcess other = IutProcess.start("node", fake("good"), workdir, READY);
        other.expectExit();
        assertThat(other.request("shutdown", Map.of(), REPLY).ok()).isTrue();
        assertThat(other.awaitExit(REPLY)).hasValue(0);
        assertThat(other.endedUnexpectedly()).isFalse();
    }

    @Test
    void tellsTimeoutFromCrash() {
        try (IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY)) {
            assertThatThrownBy(() -> iut.request("hang", Map.of(), Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(IutException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.TIMEOUT));
            assertThatThrownBy(() -> iut.request("crash", Map.of(), REPLY))
                    .isInstanceOfSatisfying(IutException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.CRASH));
            assertThat(iut.endedUnexpectedly()).isTrue();
            assertThat(iut.state()).contains("134");
        }
    }

    @Test
    void reportsALineThatIsNotJsonAsWrong() {
        try (IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY)) {
            assertThatThrownBy(() -> iut.request("garbage", Map.of(), Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(IutException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.WRONG));
            assertThat(iut.violations()).containsExactly("not JSON: this is not json");
        }
    }

    @Test
    void failsToStartWithTheRightVerdict() {
        assertVerdict("exit-before-ready", READY, Verdict.CRASH);
        assertVerdict("exit-0-before-ready", READY, Verdict.CLOSED);
        assertVerdict("bad-first-line", READY, Verdict.WRONG);
        assertVerdict("silent", Duration.ofMillis(500), Verdict.TIMEOUT);
        assertThatThrownBy(() -> IutProcess.start("node", List.of("/no/such/program"), workdir, READY))
                .isInstanceOfSatisfying(IutException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.CRASH));
    }

    @Test
    void printsTheCommandLineReadyToPaste() {
        try (IutProcess iut = IutProcess.start("node", fake("good"), workdir, READY)) {
            assertThat(iut.commandLine()).startsWith(java()).endsWith("dev.parley.conformance.iut.FakeIut good");
        }
    }

    private void assertVerdict(String mode, Duration timeout, Verdict verdict) {
        assertThatThrownBy(() -> IutProcess.start("node", fake(mode), workdir, timeout))
                .as(mode).isInstanceOfSatisfying(IutException.class, e -> assertThat(e.verdict()).isEqualTo(verdict));
    }

    private static List<String> fake(String mode) {
        return List.of(java(), "-cp", testClasses(), FakeIut.class.getName(), mode);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasses() {
        try {
            return Path.of(FakeIut.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
