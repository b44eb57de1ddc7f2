package dev.parley.cli;

import dev.parley.chat.ChatClientNode;
import dev.parley.chat.ChatError;
import dev.parley.client.ChatClient;
import dev.parley.client.ClientSettings;
import dev.parley.client.Describe;
import dev.parley.client.JsonMode;
import dev.parley.client.MessagingFactory;
import dev.parley.client.PinnedKey;
import dev.parley.client.Shell;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley client} (the seed's {@code -u USER -p PASS -sip IP -sp PORT}): logs one user in to a chat server and
 * runs the interactive shell, or with {@code --json} the chat client adapter of spec/conformance.md. The server key
 * is pinned from a file or a fingerprint given out of band [CH-PIN-1] [CH-PIN-4].
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Log in to a Parley chat server and chat: an interactive shell, or JSON Lines with --json.")
final class ClientCommand implements Callable<Integer> {

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER", description = "The user to log in as.")
    String user;

    @Option(names = {"-p", "--password"}, paramLabel = "PASS",
            description = "The seed's -p: the password on the command line (visible to other users of this machine; "
                    + "prefer the prompt or --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = {"-sip", "--server-ip"}, paramLabel = "IP", defaultValue = "127.0.0.1",
            description = "The server's IP address (default: ${DEFAULT-VALUE}).")
    String serverIp;

    @Option(names = {"-sp", "--server-port"}, required = true, paramLabel = "PORT",
            description = "The server's UDP port (parley server prints it as READY <port>).")
    int serverPort;

    @Option(names = "--server-key", paramLabel = "FILE",
            description = "Pin the server key in this PEM file (the server's server-pub.pem). Default, when no "
                    + "--server-fingerprint is given: " + PinnedKey.DEFAULT_FILE + ".")
    Path serverKey;

    @Option(names = "--server-fingerprint", paramLabel = "FP",
            description = "Pin the server key by its fingerprint: the 64 hex digits parley init printed.")
    String serverFingerprint;

    @Option(names = "--json", description = "Speak JSON Lines on stdin/stdout (the chat client adapter) instead of the shell.")
    boolean json;

    @Option(names = "--bind", paramLabel = "HOST:PORT", converter = Endpoints.class,
            description = "Local UDP address (default: 127.0.0.1:0 for a server on loopback, else 0.0.0.0:0).")
    InetSocketAddress bind;

    @Option(names = "--max-difficulty", paramLabel = "BITS", defaultValue = "" + ClientSettings.DEFAULT_MAX_DIFFICULTY,
            description = "Refuse a server asking for more proof of work than this (default: ${DEFAULT-VALUE}).")
    int maxDifficulty;

    @Option(names = "--login-timeout-ms", defaultValue = "" + ClientSettings.DEFAULT_LOGIN_TIMEOUT_MS,
            description = "Give up a login that takes longer (default: ${DEFAULT-VALUE}).")
    long loginTimeoutMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The messaging engine; the one place where it is plugged in. */
    MessagingFactory messaging = MessagingFactory.builtIn();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ClientSettings settings;
        char[] pw = null;
        org.jline.terminal.Terminal terminal = null;
        try {
            InetSocketAddress server = resolve(serverIp, serverPort);
            byte[] spki = null;
            if (serverKey != null && serverFingerprint != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give --server-key or --server-fingerprint, not both");
            }
            if (serverFingerprint == null) {
                Path file = serverKey != null ? serverKey : Path.of(PinnedKey.DEFAULT_FILE);
                try {
                    spki = PinnedKey.readSpki(file);
                } catch (IOException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no server key to pin: " + e.getMessage()
                            + "; give --server-key FILE (the server's server-pub.pem) or --server-fingerprint FP"
                            + " (printed by parley init)");
                }
            }
            if (serverFingerprint != null && !serverFingerprint.matches("[0-9a-fA-F]{64}")) { // before any password
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "a server key fingerprint is 64 hexadecimal digits, got '" + serverFingerprint + "'");
            }
            if (!dev.parley.chat.ChatCodec.validUsername(user)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a valid username: '" + user + "'");
            }
            if (password != null && passwordStdin) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give -p or --password-stdin, not both");
            }
            if (!json) {
                terminal = org.jline.terminal.TerminalBuilder.builder().system(true).build();
            }
            pw = password(terminal);
            if (pw == null) {
                return Parley.EXIT_USAGE;
            }
            InetSocketAddress local = bind != null ? bind
                    : new InetSocketAddress(server.getAddress().isLoopbackAddress() ? "127.0.0.1" : "0.0.0.0", 0);
            settings = new ClientSettings(user, pw, server, local, spki,
                    serverFingerprint == null ? null : serverFingerprint.toLowerCase(), maxDifficulty, loginTimeoutMs);
        } catch (IllegalArgumentException e) {
            closeQuietly(terminal);
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (CommandLine.ParameterException e) {
            closeQuietly(terminal);
            throw e;
        }
        String where = settings.server().getAddress().getHostAddress() + ":" + settings.server().getPort();
        try {
            return json ? runJson(settings, where) : runShell(settings, where, terminal, err);
        } finally {
            Arrays.fill(pw, '\0');
            closeQuietly(terminal);
        }
    }

    private int runJson(ClientSettings settings, String where) throws IOException {
        JsonMode mode = new JsonMode(System.in, System.out);
        try (ChatClient chat = ChatClient.start(settings, messaging, mode)) {
            return mode.run(chat, where);
        }
    }

    private int runShell(ClientSettings settings, String where, org.jline.terminal.Terminal terminal, PrintWriter err)
            throws IOException, InterruptedException {
        Shell shell = new Shell(terminal);
        PrintWriter out = terminal.writer();
        out.println("connecting to " + where + " as " + settings.username() + " ...");
        out.flush();
        try (ChatClient chat = ChatClient.start(settings, messaging, shell)) {
            try {
                chat.loggedIn().get();
            } catch (ExecutionException e) {
                ChatError error = e.getCause() instanceof ChatClientNode.RequestFailed f ? f.error() : ChatError.UNKNOWN_ERROR;
                out.println(Describe.loginFailure(error, where));
                out.flush();
                return Parley.EXIT_PROTOCOL_ERROR;
            }
            return shell.run(chat);
        }
    }

    /** The password: -p, the first line of stdin, or typed without echo; null after a one-line reason. */
    private char[] password(org.jline.terminal.Terminal terminal) {
        PrintWriter err = spec.commandLine().getErr();
        if (password != null) {
            return password.toCharArray();
        }
        if (passwordStdin) {
            try {
                return Passwords.system().read(user, true);
            } catch (Passwords.BadPassword e) {
                err.println("parley client: " + e.getMessage());
                return null;
            }
        }
        String prompt = "Password for " + user + ": ";
        if (terminal != null && !org.jline.terminal.Terminal.TYPE_DUMB.equals(terminal.getType())) {
            char[] typed = Shell.readPassword(terminal, prompt);
            if (typed == null) {
                err.println("parley client: no password entered");
            }
            return typed;
        }
        java.io.Console console = System.console();
        if (console == null) {
            err.println("parley client: no terminal to prompt for the password; use --password-stdin");
            return null;
        }
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null) {
            err.println("parley client: no password entered");
        }
        return typed;
    }

    private InetSocketAddress resolve(String ip, int port) {
        if (port < 1 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "server port out of range 1..65535: " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown server address '" + ip + "'");
        }
    }

    private static void closeQuietly(org.jline.terminal.Terminal terminal) {
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
