package dev.parley.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conformance.chat.ChatCodes;
import dev.parley.conformance.chat.ChatTesterCodec;
import dev.parley.conformance.chat.ChatTesterCodec.Body;
import dev.parley.conformance.chat.ChatTesterCodec.ChallengeFields;
import dev.parley.conformance.chat.ChatTesterCodec.EnvelopeFields;
import dev.parley.conformance.chat.ChatTesterCodec.ErrorFields;
import dev.parley.conformance.chat.ChatTesterCodec.Lookup;
import dev.parley.conformance.chat.ChatTesterCodec.WelcomeFields;
import dev.parley.conformance.chat.LoginTester;
import dev.parley.conformance.chat.SessionTester;
import dev.parley.conformance.chat.TesterCrypto;
import dev.parley.conformance.chat.TransportChannel;
import dev.parley.conformance.datagram.DatagramTester;
import dev.parley.conformance.iut.IutException;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.relay.Direction;
import dev.parley.conformance.relay.Impairment;
import dev.parley.conformance.transport.TransportTester;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat layer's steps (spec/chat.md, spec/accounts.md, spec/conformance.md "Chat servers"): the
 * suite provisions data directories through the adapter's one-shot {@code init} and {@code user_add}
 * commands, starts the {@code server} command, and plays the chat client itself: its own transport
 * end ({@link TransportChannel}), its own suite-1 crypto and the generated codecs
 * ({@link LoginTester}, {@link SessionTester}). Nothing here uses an IUT's classes.
 */
public final class ChatSteps {

    private static final Pattern FINGERPRINT = Pattern.compile("\\b[0-9a-f]{64}\\b");
    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    /** A client's login_timeout, covering the whole handshake (spec/chat.md §9.1) [CH-CLI-1]. */
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRANSMIT = Duration.ofMillis(200);
    private static final int CHAT_PORT = 1; // [CH-PORT-1]
    private static KeyPair foreignKey;
    /** The run's provisioned data directories by name, each copied into the scenarios that need one. */
    private static final Map<String, Provisioned> TEMPLATES = new HashMap<>();

    private final World world;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Provisioned> dataDirs = new HashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();
    private final List<Thread> background = new ArrayList<>();
    private final AtomicBoolean stopBackground = new AtomicBoolean();
    private OneShot lastCommand;
    private IutProcess server;
    private String pinnedFingerprint;
    private byte[] pinnedSpki;
    private IutProcess secondServer;
    private int loginsDone;
    private final List<Long> wrongPasswordNanos = new ArrayList<>();
    private final List<Long> unknownUserNanos = new ArrayList<>();
    private final List<byte[]> envelopeResponses = new ArrayList<>();
    private final List<byte[]> unknownEnvelopes = new ArrayList<>();
    private final AtomicInteger floodRounds = new AtomicInteger();
    /** How long one wait for a server message may take; the lossy logins wait up to the login timeout. */
    private Duration receiveTimeout = STEP_TIMEOUT;

    public ChatSteps(World world) {
        this.world = world;
    }

    /** The outcome of one of the adapter's one-shot commands. */
    record OneShot(String role, List<String> command, int status, String stdout, String stderr) {
        Optional<String> fingerprint() {
            Matcher m = FINGERPRINT.matcher(stdout);
            return m.find() ? Optional.of(m.group()) : Optional.empty();
        }
    }

    record Provisioned(Path dir, String fingerprint) {
    }

    /** One client of the suite: its socket, its transport end, its login and session. */
    static final class Client {
        final DatagramTester datagrams;
        TransportChannel channel;
        LoginTester login;
        SessionTester session;
        WelcomeFields welcome;
        ErrorFields error;
        byte[] lastRecord;
        int localPort;

        Client(DatagramTester datagrams) {
            this.datagrams = datagrams;
        }
    }

    @After
    public void stopBackgroundThreads() throws InterruptedException {
        stopBackground.set(true);
        for (Thread t : background) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    // ---------------------------------------------------------------- provisioning

    /** Runs a one-shot adapter command ({@code init}, {@code user_add}) with {@code stdin}, bounded in time. */
    private OneShot run(String role, Map<String, String> extra, String stdin) throws IOException, InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("root", World.root().toString());
        values.put("workdir", world.workdir().toString());
        values.put("time_scale", Double.toString(world.timeScale()));
        values.putAll(extra);
        List<String> command = World.config().command(role, values);
        Path out = Files.createTempFile(world.workdir(), role, ".out");
        Path err = Files.createTempFile(world.workdir(), role, ".err");
        Process p = new ProcessBuilder(command).directory(world.workdir().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(world.scaled(PROVISION_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IutException(Verdict.TIMEOUT, "the " + role + " command did not exit within "
                    + world.scaled(PROVISION_TIMEOUT).toSeconds() + " s: " + String.join(" ", command));
        }
        lastCommand = new OneShot(role, command, p.exitValue(), Files.readString(out), Files.readString(err));
        return lastCommand;
    }

    private Path dataDir(String name) {
        return world.workdir().resolve("data-" + name);
    }

    private OneShot init(String name) throws IOException, InterruptedException {
        OneShot r = run("init", Map.of("data", dataDir(name).toString()), "");
        if (r.status() == 0 && r.fingerprint().isPresent() && !dataDirs.containsKey(name)) {
            dataDirs.put(name, new Provisioned(dataDir(name), r.fingerprint().get()));
        }
        return r;
    }

    private Provisioned initialised(String name) throws IOException, InterruptedException {
        OneShot r = init(name);
        assertThat(r.status()).as("init exit status; stderr: %s", r.stderr()).isZero();
        assertThat(r.fingerprint()).as("init prints the server key fingerprint [AC-INIT-1]; stdout: %s", r.stdout())
                .isPresent();
        return dataDirs.get(name);
    }

    @When("the suite initialises the data directory {string}")
    public void initialise(String name) {
        world.check(() -> init(name));
    }

    @Given("the suite initialised the data directory {string}")
    public void givenInitialised(String name) {
        world.check(() -> initialised(name));
    }

    @When("the suite initialises the data directory {string} again")
    public void initialiseAgain(String name) {
        world.check(() -> init(name));
    }

    @Then("the init command exits with status 0 and prints a fingerprint of 64 lowercase hex digits")
    public void initPrintedFingerprint() {
        world.check(() -> {
            assertThat(lastCommand.status()).as("init exit status; stderr: %s", lastCommand.stderr()).isZero();
            assertThat(lastCommand.fingerprint()).as("a 64-hex fingerprint on stdout [AC-FP-1]: %s", lastCommand.stdout())
                    .isPresent();
        });
    }

    @Then("initialising the data directory {string} prints another fingerprint")
    public void anotherFingerprint(String name) {
        world.check(() -> {
            String first = lastCommand.fingerprint().orElseThrow();
            Provisioned second = initialised(name);
            assertThat(second.fingerprint()).as("a new key per data directory").isNotEqualTo(first);
        });
    }

    @Then("the init command exits with status {int}")
    public void initExitStatus(int status) {
        world.check(() -> assertThat(lastCommand.status()).as("init exit status; stdout: %s; stderr: %s",
                lastCommand.stdout(), lastCommand.stderr()).isEqualTo(status));
    }

    @Then("the user_add command exits with status {int}")
    public void userAddExitStatus(int status) {
        initExitStatus(status);
    }

    @Then("the refused init printed no fingerprint")
    public void refusedInitPrintedNoFingerprint() {
        world.check(() -> assertThat(lastCommand.fingerprint()).as("a refused init creates no key, so prints no "
                + "fingerprint [AC-INIT-2]; stdout: %s", lastCommand.stdout()).isEmpty());
    }

    @When("the suite adds the user {string} with password {string} to the data directory {string}")
    public void addUser(String user, String password, String name) {
        world.check(() -> run("user_add", Map.of("data", dataDir(name).toString(), "user", user), password + "\n"));
    }

    @Then("adding the user {string} again to the data directory {string} exits with status {int}")
    public void addUserAgain(String user, String name, int status) {
        world.check(() -> {
            OneShot r = run("user_add", Map.of("data", dataDir(name).toString(), "user", user), "again\n");
            assertThat(r.status()).as("user_add of an existing user; stderr: %s", r.stderr()).isEqualTo(status);
        });
    }

    // ---------------------------------------------------------------- servers and clients

    @Given("a chat server on a fresh data directory with the seed users")
    public void aServer() {
        world.check(() -> {
            Provisioned p = fresh("server");
            server = world.startAs("server", "server", Map.of("data", p.dir().toString()));
            pinnedFingerprint = p.fingerprint();
        });
    }

    @Given("a second chat server on another fresh data directory")
    public void aSecondServer() {
        world.check(() -> {
            Provisioned p = fresh("second");
            secondServer = world.startAs("second", "server", Map.of("data", p.dir().toString()));
        });
    }

    /**
     * A fresh data directory {@code name} for this scenario's server. By default the suite runs {@code init} once
     * per run and name (RSA-3072 key generation and four Argon2id envelopes take seconds) and gives each scenario
     * its own copy of the files, permissions included, so no two scenarios share a directory [CF-CHAT-5];
     * {@code -Dparley.chat.fresh-init=true} runs {@code init} in every scenario instead. The provisioning
     * scenarios always run {@code init} themselves.
     */
    private Provisioned fresh(String name) throws IOException, InterruptedException {
        if (Boolean.getBoolean("parley.chat.fresh-init")) {
            return initialised(name);
        }
        Provisioned template = template(name);
        Path dir = dataDir(name);
        if (Files.exists(dir)) { // left by an earlier run whose scenario of the same number failed
            deleteTree(dir);
        }
        copyTree(template.dir(), dir);
        Provisioned copy = new Provisioned(dir, template.fingerprint());
        dataDirs.put(name, copy);
        return copy;
    }

    /** The run's data directory {@code name}, made by the adapter's {@code init} the first time it is asked for. */
    private Provisioned template(String name) throws IOException, InterruptedException {
        synchronized (TEMPLATES) {
            Provisioned t = TEMPLATES.get(name);
            if (t == null) {
                Path dir = World.root().resolve("conformance/target/iut-work/000-chat-data-" + ProcessHandle.current().pid())
                        .resolve(name);
                if (Files.exists(dir)) {
                    deleteTree(dir);
                }
                Files.createDirectories(dir.getParent());
                OneShot r = run("init", Map.of("data", dir.toString()), "");
                assertThat(r.status()).as("init of the run's data directory %s; stderr: %s", name, r.stderr()).isZero();
                assertThat(r.fingerprint()).as("init prints the server key fingerprint [AC-INIT-1]; stdout: %s",
                        r.stdout()).isPresent();
                t = new Provisioned(dir, r.fingerprint().get());
                TEMPLATES.put(name, t);
            }
            return t;
        }
    }

    /** Copies a directory tree with the files' POSIX permissions (a private key stays 0600). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Client client(String name) {
        return clients.computeIfAbsent(name, n -> new Client(world.newTester()));
    }

    /** Opens a fresh transport connection from {@code c}'s socket to {@code target}'s chat port. */
    private TransportChannel connect(Client c, InetSocketAddress target, int localPort) {
        c.localPort = localPort;
        TransportTester t = new TransportTester(c.datagrams, target, localPort, random.nextInt() & 0xffffffffL,
                world.scaled(RETRANSMIT));
        t.open(CHAT_PORT, world.scaled(STEP_TIMEOUT));
        c.channel = new TransportChannel(t, world.scaled(STEP_TIMEOUT));
        return c.channel;
    }

    private TransportChannel connect(Client c, InetSocketAddress target) {
        return connect(c, target, 49_152 + random.nextInt(16_384));
    }

    private byte[] receive(Client c) {
        Optional<byte[]> m = c.channel.receive(world.scaled(receiveTimeout));
        if (m.isEmpty()) {
            throw new IutException(c.channel.peerClosed() ? Verdict.CLOSED : Verdict.TIMEOUT,
                    "no chat message from the server to " + c.channel.describe() + " within "
                            + world.scaled(receiveTimeout).toSeconds() + " s");
        }
        return m.get();
    }

    /** The next message, which must be of {@code type}; an Error is reported with its code. */
    private byte[] expect(Client c, int type, String what) {
        byte[] m = receive(c);
        if (ChatTesterCodec.msgType(m) == ChatTesterCodec.ERROR) {
            ErrorFields e = ChatTesterCodec.readError(m);
            throw new AssertionError("expected " + what + ", the server answered with Error "
                    + ChatCodes.name(e.code()));
        }
        assertThat(ChatTesterCodec.msgType(m)).as("message type of %s", what).isEqualTo(type);
        return m;
    }

    /**
     * Runs a client's costly step (proof of work and key wrap, Argon2id, the signature) on a worker thread while
     * this thread keeps acknowledging the server's segments on {@code c}'s connection, as a client whose
     * transport runs beside its crypto does. A client that goes silent for the length of an Argon2id evaluation
     * teaches the server's transport an RTT of that length, and the retransmission timeout that follows from
     * it (doubled on every loss) can outlast a login under loss.
     */
    private <T> T computing(Client c, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread worker = new Thread(task, "chat-client-crypto");
        worker.setDaemon(true);
        worker.start();
        while (!task.isDone()) {
            c.channel.service(Duration.ofMillis(20));
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the client computed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Hello and Challenge, with the pin checked [CH-PIN-2]. */
    private ChallengeFields challenge(Client c, String user, String password, InetSocketAddress target) {
        connect(c, target);
        c.login = new LoginTester(user, password, random);
        c.channel.send(c.login.hello());
        return c.login.onChallenge(expect(c, ChatTesterCodec.CHALLENGE, "a Challenge"));
    }

    /** Runs a login up to the opened EnvelopeResponse; returns the envelope's fields. */
    private EnvelopeFields toEnvelope(Client c, String user, String password) {
        ChallengeFields ch = challenge(c, user, password, server.udpAddress());
        assertThat(TesterCrypto.fingerprint(ch.serverKey())).as("the Challenge's key is the pinned one [CH-PIN-2]")
                .isEqualTo(pinnedFingerprint);
        c.channel.send(computing(c, c.login::loginRequest));
        EnvelopeFields env = c.login.onEnvelopeResponse(expect(c, ChatTesterCodec.ENVELOPE_RESPONSE, "an EnvelopeResponse"));
        assertThat(env).as("the EnvelopeResponse opens under the keys of this login [CH-PIN-3]").isNotNull();
        return env;
    }

    private void login(Client c, String user, String password) {
        toEnvelope(c, user, password);
        assertThat(computing(c, c.login::openEnvelope)).as("the envelope of %s opens with the right password [CH-ENV-4]",
                user).isTrue();
        c.channel.send(c.login.proof(0, computing(c, c.login::signature)));
        c.welcome = c.login.onWelcome(expect(c, ChatTesterCodec.WELCOME, "a Welcome"));
        assertThat(c.welcome).as("the Welcome opens (s2c, seq 1) [CH-SEQ-1]").isNotNull();
        c.session = c.login.session();
    }

    @When("client {string} logs in as {string} with password {string}")
    @Given("client {string} logged in as {string} with password {string}")
    public void logsIn(String name, String user, String password) {
        world.check(() -> login(client(name), user, password));
    }

    /** Sends a request and returns the response of the same request id [CH-REQ-1]. */
    private Body request(Client c, int bodyType, byte[] fields) {
        long id = c.session.nextRequestId();
        c.lastRecord = c.session.record(ChatTesterCodec.body(bodyType, id, fields));
        c.channel.send(c.lastRecord);
        return responseTo(c, id);
    }

    private Body responseTo(Client c, long id) {
        while (true) {
            Body b = c.session.open(receive(c));
            assertThat(b).as("the server's session record opens in order [CH-SEQ-2]").isNotNull();
            if (b.requestId() == id) {
                return b;
            }
            assertThat(b.requestId()).as("a response to a request the suite did not send or that should have been dropped")
                    .isEqualTo(0L);
        }
    }

    private List<String> list(Client c) {
        Body b = request(c, ChatTesterCodec.LIST_REQUEST, new byte[0]);
        assertThat(b.bodyType()).as("list_response [CH-REQ-1]").isEqualTo(ChatTesterCodec.LIST_RESPONSE);
        return ChatTesterCodec.readList(b.fields());
    }

    @Then("client {string} lists the online users {string}")
    public void listsUsers(String name, String users) {
        world.check(() -> assertThat(list(client(name))).as("list_response, sorted by octets [CH-REQ-2]")
                .containsExactlyElementsOf(Arrays.stream(users.split(",\\s*")).sorted().toList()));
    }

    @When("client {string} sends a ClientHello")
    public void sendsHello(String name) {
        world.check(() -> {
            Client c = client(name);
            connect(c, server.udpAddress());
            c.login = new LoginTester("Alice", "Alice", random);
            c.channel.send(c.login.hello());
        });
    }

    @Then("the server answers with a Challenge whose server key has the pinned fingerprint")
    public void challengeHasPinnedKey() {
        world.check(() -> {
            Client c = clients.values().iterator().next();
            ChallengeFields ch = c.login.onChallenge(expect(c, ChatTesterCodec.CHALLENGE, "a Challenge"));
            assertThat(TesterCrypto.fingerprint(ch.serverKey())).isEqualTo(pinnedFingerprint);
            assertThat(ch.version()).isEqualTo(1);
            assertThat(ch.suite()).isEqualTo(1);
        });
    }

    // ---------------------------------------------------------------- wrong passwords and unknown users

    @When("client {string} asks for the envelope of {string} with password {string}")
    public void asksForEnvelope(String name, String user, String password) {
        world.check(() -> toEnvelope(client(name), user, password));
    }

    @Then("the envelope of client {string} does not open")
    public void envelopeDoesNotOpen(String name) {
        world.check(() -> assertThat(client(name).login.openEnvelope()).as("[CH-ENV-4]").isFalse());
    }

    @Then("a Proof signed with a key of the suite's own is refused with CH_BAD_PROOF")
    public void foreignProofRefused() {
        world.check(() -> {
            Client c = clients.values().iterator().next();
            byte[] sig = TesterCrypto.pssSign(foreignKey().getPrivate(),
                    TesterCrypto.concat(LoginTester.PROOF_LABEL, c.login.th2()), random);
            c.channel.send(c.login.proofWith(sig));
            expectErrorAndClose(c, "CH_BAD_PROOF");
        });
    }

    private static synchronized KeyPair foreignKey() throws Exception {
        if (foreignKey == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
            foreignKey = g.generateKeyPair();
        }
        return foreignKey;
    }

    @When("the suite asks {int} times for the envelope of {string} with a wrong password and {int} times for the unknown user {string}")
    public void envelopesOfBothKinds(int known, String user, int unknown, String stranger) {
        world.check(() -> {
            for (int i = 0; i < Math.max(known, unknown); i++) {
                if (i < known) {
                    wrongPasswordNanos.add(timedEnvelope(user, envelopeResponses, null));
                }
                if (i < unknown) {
                    unknownUserNanos.add(timedEnvelope(stranger, envelopeResponses, unknownEnvelopes));
                }
            }
        });
    }

    private long timedEnvelope(String user, List<byte[]> responses, List<byte[]> envelopes) {
        Client c = new Client(world.newTester());
        ChallengeFields ch = challenge(c, user, "not the password", server.udpAddress());
        assertThat(TesterCrypto.fingerprint(ch.serverKey())).isEqualTo(pinnedFingerprint);
        byte[] request = c.login.loginRequest();
        long start = System.nanoTime();
        c.channel.send(request);
        byte[] response = expect(c, ChatTesterCodec.ENVELOPE_RESPONSE, "an EnvelopeResponse");
        long took = System.nanoTime() - start;
        responses.add(response);
        EnvelopeFields env = c.login.onEnvelopeResponse(response);
        assertThat(env).as("the EnvelopeResponse opens under the session keys").isNotNull();
        assertThat(c.login.openEnvelope()).as("no envelope opens with a wrong password [CH-ENV-4] [CH-FAKE-1]").isFalse();
        if (envelopes != null) {
            envelopes.add(TesterCrypto.concat(env.salt(), env.envelope()));
        }
        c.channel.close();
        return took;
    }

    @Then("every EnvelopeResponse has the same length")
    public void sameLength() {
        world.check(() -> assertThat(envelopeResponses.stream().mapToInt(r -> r.length).distinct().count())
                .as("EnvelopeResponse lengths [CH-ENV-2]").isEqualTo(1));
    }

    @Then("no envelope opens")
    public void noEnvelopeOpens() {
        world.check(() -> assertThat(envelopeResponses).isNotEmpty()); // checked per response as it came
    }

    @Then("the unknown user's envelope is the same every time")
    public void fakeIsDeterministic() {
        world.check(() -> {
            byte[] first = unknownEnvelopes.get(0);
            for (byte[] e : unknownEnvelopes) {
                assertThat(e).as("salt and envelope of the fake [CH-FAKE-1]").isEqualTo(first);
            }
        });
    }

    @Then("the median response times of the two kinds differ by less than a factor of {int}")
    public void timingClass(int factor) {
        world.check(() -> {
            double a = median(wrongPasswordNanos);
            double b = median(unknownUserNanos);
            assertThat(Math.max(a, b) / Math.min(a, b)).as("median %s ns (wrong password) vs %s ns (unknown user) [CH-FAKE-2]",
                    a, b).isLessThan(factor);
        });
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    // ---------------------------------------------------------------- refused LoginRequests

    private void expectErrorAndClose(Client c, String code) {
        byte[] m = receive(c);
        assertThat(ChatTesterCodec.msgType(m)).as("an Error (0x7F) [CH-MSG-4]").isEqualTo(ChatTesterCodec.ERROR);
        c.error = ChatTesterCodec.readError(m);
        assertThat(ChatCodes.name(c.error.code())).as("the Error's code").isEqualTo(code);
        long deadline = System.nanoTime() + world.scaled(STEP_TIMEOUT).toNanos();
        while (!c.channel.peerClosed()) {
            assertThat(System.nanoTime() - deadline).as("the server closes the connection after the Error [CH-MSG-4]")
                    .isNegative();
            c.channel.receive(Duration.ofMillis(100)).ifPresent(extra -> {
                throw new AssertionError("the server sent a message after its Error: type "
                        + ChatTesterCodec.msgType(extra));
            });
        }
    }

    private void sendTamperedLoginRequest(String name, String user, LoginTester.Tamper tamper) {
        Client c = client(name);
        challenge(c, user, user, server.udpAddress());
        c.channel.send(c.login.loginRequest(tamper));
    }

    @When("client {string} sends a LoginRequest for {string} whose proof of work is wrong")
    public void wrongWork(String name, String user) {
        world.check(() -> sendTamperedLoginRequest(name, user, LoginTester.Tamper.NONE.withWrongWork()));
    }

    @When("client {string} sends a LoginRequest for {string} without its last 8 octets")
    public void withoutSolution(String name, String user) {
        world.check(() -> sendTamperedLoginRequest(name, user, LoginTester.Tamper.NONE.withoutSolution()));
    }

    @When("client {string} sends a LoginRequest for {string} whose cookie MAC has one bit flipped")
    public void tamperedCookie(String name, String user) {
        world.check(() -> {
            Client c = client(name);
            challenge(c, user, user, server.udpAddress());
            byte[] mac = c.login.challenge().cookie().mac();
            mac[random.nextInt(mac.length)] ^= (byte) (1 << random.nextInt(8));
            c.channel.send(c.login.loginRequest(LoginTester.Tamper.NONE.withCookie(c.login.challenge().cookie().withMac(mac))));
        });
    }

    @When("client {string} sends a LoginRequest for {string} whose cookie difficulty is lowered to {int}")
    public void lowerDifficulty(String name, String user, int d) {
        world.check(() -> {
            Client c = client(name);
            challenge(c, user, user, server.udpAddress());
            c.channel.send(c.login.loginRequest(LoginTester.Tamper.NONE.withCookie(
                    c.login.challenge().cookie().withDifficulty(d))));
        });
    }

    @Then("the server answers with Error {word} and closes the connection")
    public void errorAndClose(String code) {
        world.check(() -> expectErrorAndClose(clients.values().iterator().next(), code));
    }

    @Then("the server answers client {string} with Error {word} and closes the connection")
    public void errorAndCloseFor(String name, String code) {
        world.check(() -> expectErrorAndClose(client(name), code));
    }

    @When("client {string} gets a Challenge and client {string} sends a LoginRequest for {string} with client {string}'s cookie and nonce")
    public void otherAddress(String a, String b, String user, String owner) {
        world.check(() -> {
            Client ca = client(a);
            challenge(ca, user, user, server.udpAddress());
            Client cb = client(b);
            connect(cb, server.udpAddress());
            cb.login = ca.login; // the same nonce, cookie and transcript, sent from another address
            cb.channel.send(ca.login.loginRequest());
        });
    }

    @When("client {string} gets a Challenge and waits longer than the server's freshness window")
    public void waitsPastFreshness(String name) {
        world.check(() -> {
            Client c = client(name);
            challenge(c, "Alice", "Alice", server.udpAddress());
            // [CH-COOKIE-4] default window 30 s (+ 1 s of clock tolerance); scaled like every timeout
            long until = System.nanoTime() + world.scaled(Duration.ofSeconds(33)).toNanos();
            while (System.nanoTime() < until) {
                c.channel.receive(Duration.ofMillis(200)); // keeps acknowledging; nothing is expected
            }
        });
    }

    @When("client {string} sends a LoginRequest for {string}")
    public void sendsLoginRequest(String name, String user) {
        world.check(() -> {
            Client c = client(name);
            c.channel.send(c.login.loginRequest());
        });
    }

    @When("client {string} sends a LoginRequest for {string} and the server answers with an EnvelopeResponse")
    public void requestAnswered(String name, String user) {
        world.check(() -> toEnvelope(client(name), user, user));
    }

    @When("client {string} closes its connection and sends the same LoginRequest again from the same address")
    public void replaysFromSameAddress(String name) {
        world.check(() -> {
            Client c = client(name);
            byte[] request = c.login.loginRequestMessage();
            c.channel.close();
            connect(c, server.udpAddress(), c.localPort);
            c.channel.send(request);
        });
    }

    @When("client {string} sends a ClientHello with version {int} and suite {int}")
    public void helloWith(String name, int version, int suite) {
        world.check(() -> {
            Client c = client(name);
            connect(c, server.udpAddress());
            c.login = new LoginTester("Alice", "Alice", random);
            c.channel.send(c.login.hello(version, suite));
        });
    }

    @When("client {string} sends {int} ClientHellos on one connection")
    public void manyHellos(String name, int count) {
        world.check(() -> {
            Client c = client(name);
            connect(c, server.udpAddress());
            c.login = new LoginTester("Alice", "Alice", random);
            for (int i = 0; i < count; i++) {
                c.channel.send(c.login.hello());
            }
        });
    }

    @Then("the server answers the first {int} with Challenges and the next with Error {word} and closes the connection")
    public void challengesThenError(int challenges, String code) {
        world.check(() -> {
            Client c = clients.values().iterator().next();
            for (int i = 1; i <= challenges; i++) {
                byte[] m = receive(c);
                assertThat(ChatTesterCodec.msgType(m)).as("answer %d: a Challenge [CH-COOKIE-3]", i)
                        .isEqualTo(ChatTesterCodec.CHALLENGE);
            }
            expectErrorAndClose(c, code); // [CH-HELLO-4]
        });
    }

    @Then("the server answers with Error {word} carrying version {int} and suite {int} and closes the connection")
    public void errorWithVersion(String code, int version, int suite) {
        world.check(() -> {
            Client c = clients.values().iterator().next();
            expectErrorAndClose(c, code);
            assertThat(c.error.version()).as("[CH-VER-1] the version the server supports").isEqualTo(version);
            assertThat(c.error.suite()).as("[CH-VER-1] the suite the server supports").isEqualTo(suite);
        });
    }

    // ---------------------------------------------------------------- proofs

    @When("client {string} logs in as {string} with password {string} but flips one bit of its signature")
    public void flippedSignature(String name, String user, String password) {
        world.check(() -> {
            Client c = client(name);
            toEnvelope(c, user, password);
            assertThat(c.login.openEnvelope()).isTrue();
            byte[] sig = c.login.signature();
            sig[random.nextInt(sig.length)] ^= (byte) (1 << random.nextInt(8));
            c.channel.send(c.login.proofWith(sig));
        });
    }

    @When("clients {string} and {string} both reach the Proof as {string} with password {string}")
    public void bothReachProof(String a, String b, String user, String password) {
        world.check(() -> {
            for (String name : List.of(a, b)) {
                toEnvelope(client(name), user, password);
                assertThat(client(name).login.openEnvelope()).isTrue();
            }
        });
    }

    @When("client {string} sends a Proof carrying client {string}'s signature")
    public void splicedProof(String b, String a) {
        world.check(() -> client(b).channel.send(client(b).login.proofWith(client(a).login.signature())));
    }

    @When("client {string} logs in to the second server as {string} with password {string} wrapping its secret to the first server's key")
    public void loginToSecondServer(String name, String user, String password) {
        world.check(() -> {
            Client probe = new Client(world.newTester());
            pinnedSpki = challenge(probe, user, password, server.udpAddress()).serverKey();
            probe.channel.close();
            Client c = client(name);
            challenge(c, user, password, secondServer.udpAddress());
            c.login.wrapTo(pinnedSpki);
            c.channel.send(c.login.loginRequest());
        });
    }

    @Then("the Challenge's key does not have the pinned fingerprint")
    public void challengeKeyDiffers() {
        world.check(() -> assertThat(TesterCrypto.fingerprint(clients.values().iterator().next().login.challenge().serverKey()))
                .as("[CH-PIN-2] a client pinned to the first key stops here").isNotEqualTo(pinnedFingerprint));
    }

    @Then("the second server's EnvelopeResponse does not open under the keys the client derived")
    public void secondServerCannotAnswer() {
        world.check(() -> {
            Client c = clients.values().iterator().next();
            byte[] m = receive(c);
            if (ChatTesterCodec.msgType(m) == ChatTesterCodec.ENVELOPE_RESPONSE) {
                assertThat(c.login.onEnvelopeResponse(m)).as("[CH-PIN-3] [CH-KEX-2]").isNull();
            } else {
                throw new AssertionError("[CH-KEX-2] a secret that does not unwrap is answered as usual (implicit "
                        + "rejection), but the server sent type " + ChatTesterCodec.msgType(m));
            }
        });
    }

    // ---------------------------------------------------------------- session records

    @When("client {string} sends a list request and receives its response")
    public void listOnce(String name) {
        world.check(() -> list(client(name)));
    }

    @When("client {string} sends the same record again")
    public void sameRecordAgain(String name) {
        world.check(() -> client(name).channel.send(client(name).lastRecord));
    }

    private long pendingId;

    @When("client {string} sends a list request")
    public void sendsList(String name) {
        world.check(() -> {
            Client c = client(name);
            pendingId = c.session.nextRequestId();
            c.channel.send(c.session.record(ChatTesterCodec.body(ChatTesterCodec.LIST_REQUEST, pendingId, new byte[0])));
        });
    }

    @Then("client {string} receives a response to the last request only")
    public void responseToLastOnly(String name) {
        world.check(() -> {
            Body b = responseTo(client(name), pendingId);
            assertThat(b.bodyType()).isEqualTo(ChatTesterCodec.LIST_RESPONSE);
        });
    }

    @When("client {string} sends the list request of the next sequence number but one before the next one")
    public void reordered(String name) {
        world.check(() -> {
            Client c = client(name);
            long next = c.session.takeSeq();
            long afterNext = c.session.takeSeq();
            long idLate = c.session.nextRequestId();
            c.channel.send(c.session.recordAt(afterNext, ChatTesterCodec.body(ChatTesterCodec.LIST_REQUEST, idLate, new byte[0])));
            pendingId = c.session.nextRequestId();
            reservedSeq = next;
        });
    }

    private long reservedSeq;

    @When("client {string} sends a list request at the next sequence number")
    public void atNextSeq(String name) {
        world.check(() -> {
            Client c = client(name);
            c.channel.send(c.session.recordAt(reservedSeq, ChatTesterCodec.body(ChatTesterCodec.LIST_REQUEST, pendingId,
                    new byte[0])));
        });
    }

    @Then("client {string} receives a response to the request at the next sequence number only")
    public void responseToNextOnly(String name) {
        responseToLastOnly(name);
    }

    @When("client {string} sends a list request with one bit of its ciphertext flipped")
    public void tamperedRecord(String name) {
        world.check(() -> {
            Client c = client(name);
            reservedSeq = c.session.takeSeq();
            long id = c.session.nextRequestId();
            byte[] record = c.session.recordAt(reservedSeq, ChatTesterCodec.body(ChatTesterCodec.LIST_REQUEST, id, new byte[0]));
            int pos = 9 + random.nextInt(record.length - 9);
            record[pos] ^= (byte) (1 << random.nextInt(8));
            c.channel.send(record);
            pendingId = c.session.nextRequestId();
        });
    }

    @When("client {string} sends a list request at the same sequence number untampered")
    public void untampered(String name) {
        atNextSeq(name);
    }

    @Then("client {string} receives a response to the untampered request only")
    public void responseToUntampered(String name) {
        responseToLastOnly(name);
    }

    @When("client {string} sends a request of body type {int}")
    public void unknownBody(String name, int type) {
        world.check(() -> {
            Client c = client(name);
            pendingId = c.session.nextRequestId();
            c.channel.send(c.session.record(ChatTesterCodec.body(type, pendingId, new byte[0])));
        });
    }

    @Then("client {string} receives an error response {word} to it")
    public void errorResponse(String name, String code) {
        world.check(() -> {
            Body b = responseTo(client(name), pendingId);
            assertThat(b.bodyType()).as("error_response [CH-REQ-4]").isEqualTo(ChatTesterCodec.ERROR_RESPONSE);
            assertThat(ChatCodes.name(ChatTesterCodec.readErrorResponseCode(b.fields()))).isEqualTo(code);
        });
    }

    private Lookup lookup;

    @When("client {string} looks up {string}")
    public void looksUp(String name, String user) {
        world.check(() -> {
            Body b = request(client(name), ChatTesterCodec.LOOKUP_REQUEST, ChatTesterCodec.usernameFields(user));
            assertThat(b.bodyType()).as("lookup_response [CH-REQ-1]").isEqualTo(ChatTesterCodec.LOOKUP_RESPONSE);
            lookup = ChatTesterCodec.readLookup(b.fields());
        });
    }

    @Then("the look-up says {string} is online with the public key whose envelope client {string} opened")
    public void lookupOnline(String user, String owner) {
        world.check(() -> {
            assertThat(lookup.status()).as("online [CH-REQ-3]").isZero();
            assertThat(lookup.username()).isEqualTo(user);
            assertThat(lookup.publicKey()).as("the key of the user's envelope [CH-PRES-1]")
                    .isEqualTo(client(owner).login.userPublicKey());
        });
    }

    @Then("client {string} looking up {string} is told {string} is not online")
    public void lookupOffline(String name, String user, String same) {
        world.check(() -> {
            looksUp(name, user);
            assertThat(lookup.status()).as("not online [CH-REQ-3]").isEqualTo(1);
            assertThat(lookup.publicKey()).isNull();
        });
    }

    @When("client {string} stops sending anything")
    public void stopsSending(String name) {
        // nothing to do: the suite's client sends only when a step tells it to
        world.check(() -> assertThat(client(name).session).isNotNull());
    }

    @When("client {string} keeps heartbeating")
    public void keepsHeartbeating(String name) {
        world.check(() -> assertThat(client(name).welcome).isNotNull());
    }

    @Then("within the session timeout plus {int} seconds client {string} lists the online users {string}")
    public void expiry(int extra, String name, String users) {
        world.check(() -> {
            Client c = client(name);
            List<String> want = Arrays.stream(users.split(",\\s*")).sorted().toList();
            Duration bound = world.scaled(Duration.ofMillis(c.welcome.sessionTimeoutMs()).plusSeconds(extra));
            long deadline = System.nanoTime() + bound.toNanos();
            long heartbeatNanos = Duration.ofMillis(Math.max(100, c.welcome.heartbeatIntervalMs() / 2)).toNanos();
            List<String> seen = List.of();
            while (System.nanoTime() < deadline) {
                Body hb = request(c, ChatTesterCodec.HEARTBEAT, new byte[0]); // [CH-PRES-2]
                assertThat(hb.bodyType()).isEqualTo(ChatTesterCodec.HEARTBEAT_ACK);
                seen = list(c);
                if (seen.equals(want)) {
                    return;
                }
                long until = System.nanoTime() + heartbeatNanos;
                while (System.nanoTime() < until) {
                    c.channel.receive(Duration.ofMillis(100)).ifPresent(m -> {
                        throw new AssertionError("an unasked record from the server during the wait");
                    });
                }
            }
            throw new AssertionError("after " + bound.toSeconds() + " s the list is still " + seen + ", not " + want
                    + " [CH-PRES-3]");
        });
    }

    // ---------------------------------------------------------------- loss and flood

    @When("{int} clients log in one after the other as {string} with password {string} through the relay with {int}% loss each way")
    public void loginsThroughRelay(int n, String user, String password, int loss) {
        world.check(() -> {
            var relay = world.startRelay(server.udpAddress(), Impairment.none().withLoss(loss / 100.0),
                    Impairment.none().withLoss(loss / 100.0));
            // One client process, one UDP socket [CH-MSG-1]: the relay sees one client, as a NAT would, and each
            // login runs on a connection of its own from a new transport port. (A socket per login would need
            // 50 relay clients; the relay turns away clients beyond its bound as "overflowed".)
            DatagramTester socket = world.newTester();
            // Under loss a single answer may take long (the server's retransmission timeout doubles on every loss);
            // the bound is the client's, the login timeout for the whole handshake [CH-CLI-1].
            receiveTimeout = LOGIN_TIMEOUT;
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                Client c = new Client(socket);
                try {
                    ChallengeFields ch = challenge(c, user, password, relay.address());
                    assertThat(TesterCrypto.fingerprint(ch.serverKey())).isEqualTo(pinnedFingerprint);
                    c.channel.send(computing(c, c.login::loginRequest));
                    assertThat(c.login.onEnvelopeResponse(expect(c, ChatTesterCodec.ENVELOPE_RESPONSE, "an EnvelopeResponse")))
                            .isNotNull();
                    assertThat(computing(c, c.login::openEnvelope)).isTrue();
                    c.channel.send(c.login.proof(0, computing(c, c.login::signature)));
                    assertThat(c.login.onWelcome(expect(c, ChatTesterCodec.WELCOME, "a Welcome"))).isNotNull();
                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .as("hello to Welcome within the client's login timeout [CH-CLI-1]")
                            .isLessThanOrEqualTo(world.scaled(LOGIN_TIMEOUT));
                    millis.add((System.nanoTime() - start) / 1_000_000);
                    loginsDone++;
                    c.session = c.login.session();
                    Body ack = request(c, ChatTesterCodec.LOGOUT, new byte[0]);
                    assertThat(ack.bodyType()).as("logout_ack [CH-OUT-1]").isEqualTo(ChatTesterCodec.LOGOUT_ACK);
                    c.channel.close(); // an RST, so the server's connection slot is free at once
                } catch (RuntimeException | AssertionError e) {
                    throw new AssertionError("login " + (i + 1) + " of " + n + " failed after "
                            + (System.nanoTime() - start) / 1_000_000 + " ms (" + loginsDone + " reached the Welcome);"
                            + " relay towards the server: " + relay.counts(Direction.TO_TARGET) + "; from it: "
                            + relay.counts(Direction.FROM_TARGET) + ": " + e.getMessage(), e);
                }
            }
            List<Long> sorted = millis.stream().sorted().toList();
            world.scenario().log(n + " logins at " + loss + "% loss each way, hello to Welcome: median " + sorted.get(sorted.size() / 2)
                    + " ms, max " + sorted.get(sorted.size() - 1) + " ms; relay towards the server: "
                    + relay.counts(Direction.TO_TARGET) + "; from it: " + relay.counts(Direction.FROM_TARGET));
            assertThat(relay.counts(Direction.TO_TARGET).overflowed() + relay.counts(Direction.FROM_TARGET).overflowed())
                    .as("datagrams the relay turned away for its own bounds: the loss must be the only impairment")
                    .isZero();
        });
    }

    @Then("all {int} logins reach the Welcome")
    public void allLogins(int n) {
        world.check(() -> assertThat(loginsDone).isEqualTo(n));
    }

    @When("the suite floods the server with ClientHellos and LoginRequests without work from {int} connections")
    public void flood(int connections) {
        world.check(() -> {
            for (int i = 0; i < connections; i++) {
                DatagramTester socket = world.newTester();
                Thread t = new Thread(() -> floodFrom(socket), "chat-flood-" + i);
                t.setDaemon(true);
                background.add(t);
                t.start();
            }
        });
    }

    /** One flooding client: hello, challenge, a LoginRequest whose work is wrong, again and again. */
    private void floodFrom(DatagramTester socket) {
        Client c = new Client(socket);
        while (!stopBackground.get()) {
            try {
                challenge(c, "Eve", "x", server.udpAddress());
                c.channel.send(c.login.loginRequest(LoginTester.Tamper.NONE.withWrongWork()));
                c.channel.close();
                floodRounds.incrementAndGet();
            } catch (RuntimeException | AssertionError e) {
                // a busy server may drop the flood's handshakes: that is its right
            }
        }
    }

    @When("{int} clients log in one after the other as {string} with password {string} during the flood")
    public void loginsDuringFlood(int n, String user, String password) {
        world.check(() -> {
            for (int i = 0; i < n; i++) {
                Client c = new Client(world.newTester());
                login(c, user, password);
                loginsDone++;
                c.channel.send(c.session.record(ChatTesterCodec.body(ChatTesterCodec.LOGOUT, c.session.nextRequestId(),
                        new byte[0])));
            }
            assertThat(floodRounds.get()).as("the flood ran during the logins").isPositive();
        });
    }
}
