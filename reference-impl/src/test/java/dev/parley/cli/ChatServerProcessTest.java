package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.Bodies;
import dev.parley.chat.ChatClientNode;
import dev.parley.chat.ChatError;
import dev.parley.chat.LoginClient;
import dev.parley.chat.account.ServerIdentity;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code parley init} seeds the users, {@code parley server} runs as its own process, and two Java
 * clients log in over UDP on loopback and list each other (issue 7, "Done means").
 */
class ChatServerProcessTest {
    @TempDir
    Path dir;

    private Process start(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.parley.cli.Parley"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** A client node that logs in; completes with the list it gets, or with the error that ended it. */
    private static final class Client implements LoginClient.Listener {
        final CompletableFuture<Bodies.WelcomeBody> up = new CompletableFuture<>();
        final CompletableFuture<List<String>> list = new CompletableFuture<>();
        final CompletableFuture<ChatError> ended = new CompletableFuture<>();
        final List<Bodies.SessionBody> responses = new CopyOnWriteArrayList<>();

        public void onEstablished(Bodies.WelcomeBody w) {
            up.complete(w);
        }

        public void onResponse(Bodies.SessionBody b) {
            responses.add(b);
            if (b instanceof Bodies.ListResponse l) {
                list.complete(l.users());
            }
        }

        public void onEnded(ChatError e) {
            ended.complete(e);
            up.completeExceptionally(new AssertionError("login ended: " + e));
        }
    }

    @Test
    @DisplayName("[CH-PORT-1] [CH-LOGIN-3] [CH-REQ-2] [CH-ENV-4] the server process serves seeded users; a wrong password fails")
    void seededUsersLogInAndListEachOther() throws Exception {
        Process init = start("init", "--data", dir.toString(), "--kdf-memory", "8192", "--kdf-iterations", "1");
        init.getOutputStream().close();
        assertThat(init.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).isZero();
        byte[] pinned = ServerIdentity.load(dir).publicKey().getEncoded();

        Process server = start("server", "--data", dir.toString(), "--bind", "127.0.0.1:0", "--difficulty", "10");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).startsWith("READY ");
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(ready.substring(6).trim()));

            try (DatagramEndpoint a = DatagramEndpoint.open(DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)), Clock.SYSTEM);
                    DatagramEndpoint b = DatagramEndpoint.open(DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)), Clock.SYSTEM);
                    DatagramEndpoint c = DatagramEndpoint.open(DatagramConfig.of(new InetSocketAddress("127.0.0.1", 0)), Clock.SYSTEM)) {
                Client alice = new Client();
                Client bob = new Client();
                Client eve = new Client();
                try (ChatClientNode na = node(a, address, "Alice", "Alice", pinned, alice);
                        ChatClientNode nb = node(b, address, "Bob", "Bob", pinned, bob);
                        ChatClientNode nc = node(c, address, "Eve", "wrong", pinned, eve)) {
                    alice.up.get(60, TimeUnit.SECONDS);
                    bob.up.get(60, TimeUnit.SECONDS);
                    na.request(Bodies.LIST_REQUEST, null);
                    assertThat(alice.list.get(30, TimeUnit.SECONDS)).containsExactly("Alice", "Bob");
                    nb.request(Bodies.LIST_REQUEST, null);
                    assertThat(bob.list.get(30, TimeUnit.SECONDS)).containsExactly("Alice", "Bob");
                    assertThat(eve.ended.get(60, TimeUnit.SECONDS)).isEqualTo(ChatError.WRONG_PASSWORD);
                }
            }
            server.getOutputStream().write("{\"id\":1,\"op\":\"shutdown\"}\n".getBytes(StandardCharsets.UTF_8));
            server.getOutputStream().flush();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    private static ChatClientNode node(DatagramEndpoint e, InetSocketAddress server, String user, String password,
            byte[] pinned, Client listener) {
        TransportEndpoint transport = DatagramTransport.attach(e, DatagramTransport.configFor(e));
        ChatClientNode n = new ChatClientNode(e, transport, FramingConfig.defaults(), server,
                new LoginClient.Config(user, password.toCharArray(), pinned, null, 28, 0, 30_000), new SecureRandom(),
                listener);
        e.start();
        return n;
    }
}
