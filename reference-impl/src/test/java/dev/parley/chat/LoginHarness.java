package dev.parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory wiring of {@link LoginClient}s and one server context, with a test clock; messages are handed over
 * in order until nothing is left. The envelope uses a cheap test KDF (SHA-256 of password and salt) in place of
 * Argon2id, so engine tests stay fast; everything else is suite 1.
 */
final class LoginHarness {
    static final KeyPair SERVER;
    static final KeyPair OTHER_SERVER;
    static final Map<String, KeyPair> KEYS = new HashMap<>();

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(3072);
            SERVER = g.generateKeyPair();
            OTHER_SERVER = g.generateKeyPair();
            for (String u : List.of("Alice", "Bob")) {
                KEYS.put(u, g.generateKeyPair());
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long nowMs = 1_700_000_000_000L;
    final Map<String, StoredUser> users = new HashMap<>();
    final ChatServerContext ctx;
    final SecureRandom random = new DeterministicRandom("harness");

    LoginHarness(ChatServerConfig config) {
        for (String u : KEYS.keySet()) {
            users.put(u, seal(u, u.toCharArray(), KEYS.get(u)));
        }
        ctx = new ChatServerContext(config, SERVER.getPrivate(), SERVER.getPublic().getEncoded(),
                name -> Optional.ofNullable(users.get(name)), random, nowMs);
    }

    static ChatServerConfig testConfig() {
        return ChatServerConfig.defaults().withDifficulty(8, 12);
    }

    static byte[] testKdf(char[] password, byte[] salt) {
        return Suite1.sha256(new String(password).getBytes(StandardCharsets.UTF_8), salt);
    }

    static byte[] envelopeAad(String username) {
        byte[] u = username.getBytes(StandardCharsets.US_ASCII);
        return Suite1.concat(Suite1.ascii("parley/1 envelope"), new byte[] {1, (byte) u.length}, u);
    }

    StoredUser seal(String username, char[] password, KeyPair keys) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] ct = Suite1.gcmSeal(testKdf(password, salt), nonce, envelopeAad(username), keys.getPrivate().getEncoded());
        return new StoredUser(username, keys.getPublic().getEncoded(), 65536, 3, 1, salt, Suite1.concat(nonce, ct));
    }

    static final EnvelopeOpener OPENER = (username, body, password) -> {
        byte[] env = body.envelope();
        byte[] p = Suite1.gcmOpen(testKdf(password, body.salt()), Arrays.copyOf(env, 12), envelopeAad(username),
                Arrays.copyOfRange(env, 12, env.length));
        if (p == null) {
            return null;
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(p));
        } catch (Exception e) {
            return null;
        }
    };

    /** One client connection: the client engine, its server engine, and what each received. */
    final class Conn implements LoginClient.Listener {
        final Deque<byte[]> toServer = new ArrayDeque<>();
        final Deque<byte[]> toClient = new ArrayDeque<>();
        final List<byte[]> serverSent = new ArrayList<>();
        final List<byte[]> clientSent = new ArrayList<>();
        final List<Bodies.SessionBody> responses = new ArrayList<>();
        boolean clientClosed;
        boolean serverClosed;
        ChatError ended;
        Bodies.WelcomeBody welcome;
        final LoginClient client;
        final LoginServer server;
        /** When false, messages to the server are recorded but not delivered (the test delivers them). */
        boolean deliverToServer = true;

        Conn(String username, String password, byte[] pinnedSpki, Endpoint from) {
            client = new LoginClient(new LoginClient.Config(username, password.toCharArray(), pinnedSpki, null, 28, 4242,
                    30_000), random, OPENER, new ChatSink() {
                        public void send(byte[] m) {
                            clientSent.add(m);
                            toServer.add(m);
                        }

                        public void close() {
                            clientClosed = true;
                        }
                    }, this);
            server = new LoginServer(ctx, from, new ChatSink() {
                public void send(byte[] m) {
                    serverSent.add(m);
                    toClient.add(m);
                }

                public void close() {
                    serverClosed = true;
                }
            });
        }

        void pump() {
            while (!toServer.isEmpty() || !toClient.isEmpty()) {
                if (!toServer.isEmpty()) {
                    byte[] m = toServer.poll();
                    if (deliverToServer && !serverClosed) {
                        server.onMessage(m, nowMs);
                    }
                }
                if (!toClient.isEmpty()) {
                    byte[] m = toClient.poll();
                    if (!clientClosed) {
                        client.onMessage(m, nowMs);
                    }
                }
            }
        }

        Conn login() {
            client.begin(nowMs);
            pump();
            return this;
        }

        public void onEstablished(Bodies.WelcomeBody w) {
            welcome = w;
        }

        public void onResponse(Bodies.SessionBody b) {
            responses.add(b);
        }

        public void onEnded(ChatError e) {
            ended = e;
        }

        ChatError lastServerError() {
            for (int i = serverSent.size() - 1; i >= 0; i--) {
                if (serverSent.get(i)[0] == ChatMessage.ERROR) {
                    try {
                        return ChatError.ofValue(((ChatMessage.Error) ChatCodec.decode(serverSent.get(i))).code());
                    } catch (ChatException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            return null;
        }
    }

    static final Endpoint ALICE_ADDR = new Endpoint(new byte[] {127, 0, 0, 1}, 40001, 50001);
    static final Endpoint BOB_ADDR = new Endpoint(new byte[] {127, 0, 0, 1}, 40002, 50002);

    Conn conn(String user, String password) {
        return new Conn(user, password, SERVER.getPublic().getEncoded(), user.equals("Bob") ? BOB_ADDR : ALICE_ADDR);
    }

    static PrivateKey key(String user) {
        return KEYS.get(user).getPrivate();
    }
}
