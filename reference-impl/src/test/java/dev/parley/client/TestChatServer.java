package dev.parley.client;

import dev.parley.chat.AccountUsers;
import dev.parley.chat.ChatServerConfig;
import dev.parley.chat.ChatServerContext;
import dev.parley.chat.ChatServerNode;
import dev.parley.chat.account.Account;
import dev.parley.chat.account.Argon2Params;
import dev.parley.chat.account.Envelope;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.chat.account.SqliteAccountStore;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;

/**
 * A real chat server in the test's JVM on loopback: the seed users Alice, Bob and Charlie (passwords equal to their
 * names, cheap Argon2id), the proof of work lowered for speed. Key pairs are made once per JVM.
 */
final class TestChatServer implements AutoCloseable {
    static final List<String> USERS = List.of("Alice", "Bob", "Charlie");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ServerIdentity IDENTITY = ServerIdentity.generate(RANDOM);
    private static final List<KeyPair> USER_KEYS = USERS.stream().map(u -> ServerIdentity.generateKeyPair(RANDOM)).toList();
    static final Argon2Params CHEAP_KDF = new Argon2Params(8192, 1, 1);

    private final SqliteAccountStore store;
    private final DatagramEndpoint endpoint;
    private final ChatServerNode server;

    TestChatServer(Path dir) throws Exception {
        this(dir, ChatServerConfig.defaults());
    }

    /** A server with {@code config}'s presence timers; the proof of work lowered. */
    TestChatServer(Path dir, ChatServerConfig config) throws Exception {
        store = SqliteAccountStore.open(dir.resolve("accounts.db"));
        for (int i = 0; i < USERS.size(); i++) {
            Account a = Envelope.seal(USERS.get(i), USERS.get(i).toCharArray(), USER_KEYS.get(i), CHEAP_KDF, RANDOM);
            store.add(a);
        }
        endpoint = DatagramEndpoint.open(DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)), Clock.SYSTEM);
        TransportEndpoint transport = DatagramTransport.attach(endpoint, DatagramTransport.configFor(endpoint));
        ChatServerContext ctx = new ChatServerContext(config.withDifficulty(8, 12),
                IDENTITY.privateKey(), IDENTITY.publicKey().getEncoded(), AccountUsers.of(store), RANDOM,
                System.currentTimeMillis());
        server = new ChatServerNode(endpoint, transport, FramingConfig.defaults(), ctx);
        endpoint.start();
    }

    /** A data directory as {@code parley init} leaves it (server key files, accounts), with the cheap KDF. */
    static void writeDataDirectory(Path data) throws Exception {
        IDENTITY.save(data, false);
        try (SqliteAccountStore accounts = SqliteAccountStore.open(data.resolve("accounts.db"))) {
            for (int i = 0; i < USERS.size(); i++) {
                accounts.add(Envelope.seal(USERS.get(i), USERS.get(i).toCharArray(), USER_KEYS.get(i), CHEAP_KDF, RANDOM));
            }
        }
    }

    InetSocketAddress address() {
        return endpoint.localAddress();
    }

    static byte[] serverSpki() {
        return IDENTITY.publicKey().getEncoded();
    }

    static String serverFingerprint() {
        return IDENTITY.fingerprint();
    }

    /** Settings for {@code user} with {@code password}, pinning the server's key by SPKI. */
    ClientSettings settings(String user, String password) {
        return new ClientSettings(user, password.toCharArray(), address(), new InetSocketAddress("127.0.0.1", 0),
                serverSpki(), null, ClientSettings.DEFAULT_MAX_DIFFICULTY, 30_000);
    }

    @Override
    public void close() {
        server.close();
        endpoint.close();
        store.close();
    }
}
