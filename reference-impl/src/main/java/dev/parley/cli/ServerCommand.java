package dev.parley.cli;

import dev.parley.chat.AccountUsers;
import dev.parley.chat.ChatServerConfig;
import dev.parley.chat.ChatServerContext;
import dev.parley.chat.ChatServerNode;
import dev.parley.chat.account.DataDirectory;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley server} (also the seed's {@code -sp PORT}): the chat server on one UDP socket (spec/chat.md).
 * Reads the data directory made by {@code parley init}, prints {@code READY <port>}, and serves the adapter
 * contract's JSON Lines on stdin ({@code stats}, {@code shutdown}) until stdin ends.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Parley chat server: logins and sessions on transport port 1 of one UDP socket.")
final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--data", paramLabel = "DIR", defaultValue = DataDirectory.DEFAULT,
            description = "Data directory made by parley init (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--bind", defaultValue = "127.0.0.1:0", converter = Endpoints.class,
            description = "Local UDP address, host:port (default: ${DEFAULT-VALUE}).")
    InetSocketAddress bind;

    @Option(names = {"-sp", "--port"}, paramLabel = "PORT",
            description = "The seed's -sp: UDP port on the --bind host (overrides the port of --bind).")
    Integer port;

    @Option(names = "--difficulty", paramLabel = "BITS",
            description = "TEST ONLY: lower the minimum proof-of-work difficulty below the default 20 (logged) [CH-POW-7].")
    Integer difficulty;

    @Option(names = "--heartbeat-ms", defaultValue = "10000", description = "Heartbeat interval (default: ${DEFAULT-VALUE}).")
    long heartbeatMs;

    @Option(names = "--session-timeout-ms", defaultValue = "30000",
            description = "Silence after which a session ends (default: ${DEFAULT-VALUE}).")
    long sessionTimeoutMs;

    @Option(names = "--stdin-control", defaultValue = "true", negatable = true,
            description = "Serve JSON Lines on stdin and stop when it ends (default: ${DEFAULT-VALUE}).")
    boolean stdinControl;

    @Override
    public Integer call() throws Exception {
        ChatServerConfig config;
        try {
            config = ChatServerConfig.defaults().withPresence(heartbeatMs, sessionTimeoutMs);
            if (difficulty != null) {
                config = config.withDifficulty(difficulty, Math.max(difficulty, config.maxDifficulty()));
                LOG.warn("proof-of-work difficulty lowered to {} bits for testing [CH-POW-7]", difficulty);
                System.err.println("parley server: TEST configuration: proof-of-work difficulty " + difficulty + " bits");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("parley server: " + e.getMessage());
            return Parley.EXIT_USAGE;
        }
        if (!ServerIdentity.existsIn(data) || !Files.exists(DataDirectory.accounts(data))) {
            System.err.println("parley server: no server key or accounts in " + data + "; run: parley init --data " + data);
            return Parley.EXIT_USAGE;
        }
        ServerIdentity identity = ServerIdentity.load(data);
        InetSocketAddress address = port == null ? bind : new InetSocketAddress(bind.getAddress(), port);
        try (SqliteAccountStore store = SqliteAccountStore.open(DataDirectory.accounts(data));
                DatagramEndpoint endpoint = DatagramEndpoint.open(DatagramConfig.of(address), Clock.SYSTEM)) {
            TransportEndpoint transport = DatagramTransport.attach(endpoint, DatagramTransport.configFor(endpoint));
            ChatServerContext ctx = new ChatServerContext(config, identity.privateKey(),
                    identity.publicKey().getEncoded(), AccountUsers.of(store), new SecureRandom(),
                    System.currentTimeMillis());
            try (ChatServerNode server = new ChatServerNode(endpoint, transport, FramingConfig.defaults(), ctx)) {
                endpoint.start();
                System.err.println("parley server: key fingerprint " + identity.fingerprint());
                if (!stdinControl) {
                    System.out.println("READY " + endpoint.localAddress().getPort());
                    System.out.flush();
                    new java.util.concurrent.CountDownLatch(1).await();
                }
                ControlChannel channel = new ControlChannel(System.out);
                channel.op("stats", request -> {
                    try {
                        return server.stats().get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new ControlChannel.OpException("INTERNAL", "stats: " + e);
                    }
                });
                channel.ready(endpoint.localAddress().getPort());
                channel.serve(System.in);
            }
        }
        return Parley.EXIT_OK;
    }
}
