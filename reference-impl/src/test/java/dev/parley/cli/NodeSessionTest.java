package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.datagram.Clock;
import dev.parley.datagram.DatagramConfig;
import dev.parley.datagram.DatagramEndpoint;
import dev.parley.framing.FramingConfig;
import dev.parley.framing.MemoryBudget;
import dev.parley.transport.DatagramTransport;
import dev.parley.transport.TransportEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The node's transport and framing ops, driven through the JSON Lines channel as the suite drives them. */
class NodeSessionTest {

    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private DatagramEndpoint endpoint;
    private PipedOutputStream stdin;
    private Thread serving;
    private int nextId = 1;
    /** A UDP socket that never answers: opens toward it stay in SYN_SENT. */
    private java.net.DatagramSocket silent;

    @BeforeEach
    void setUp() throws Exception {
        silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
        endpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        // One connection at most, so that the second connect is refused by the transport [TR-BOUND-1].
        TransportEndpoint transport = DatagramTransport.attach(endpoint,
                DatagramTransport.configFor(endpoint).withLimits(1, 1));
        ControlChannel channel = new ControlChannel(new PrintStream(new LineSink(), true, StandardCharsets.UTF_8));
        new NodeSession(endpoint, transport, new FramingConfig(1000, FramingConfig.DEFAULT_MAX_QUEUED_BYTES),
                MemoryBudget.unlimited(), channel).register();
        endpoint.start();
        PipedInputStream in = new PipedInputStream(1 << 16);
        stdin = new PipedOutputStream(in);
        serving = new Thread(() -> {
            try {
                channel.serve(in);
            } catch (IOException e) {
                // the test closed stdin
            }
        });
        serving.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        stdin.close();
        serving.join(5_000);
        endpoint.close();
        silent.close();
    }

    @Test
    @DisplayName("[CF-PROC-5] a connect the transport refuses answers its TR_ code and leaves no connection behind")
    void refusedConnectAnswersTheTransportCodeAndLeaksNothing() throws Exception {
        String peer = "\"127.0.0.1:" + silent.getLocalPort() + "\"";
        JsonNode first = request("{\"op\":\"connect\",\"address\":" + peer + ",\"port\":9}");
        assertThat(first.path("ok").asBoolean()).as(first.toString()).isTrue();
        JsonNode second = request("{\"op\":\"connect\",\"address\":" + peer + ",\"port\":10}");
        assertThat(second.path("error").path("code").asText()).as(second.toString()).isEqualTo("TR_TOO_MANY_CONNECTIONS");
        // The refused open named no connection: conn 2 does not exist.
        JsonNode send = request("{\"op\":\"send\",\"conn\":2,\"data\":\"00\"}");
        assertThat(send.path("error").path("code").asText()).as(send.toString()).isEqualTo("NO_SUCH_CONNECTION");
        JsonNode close = request("{\"op\":\"close\",\"conn\":2}");
        assertThat(close.path("error").path("code").asText()).as(close.toString()).isEqualTo("NO_SUCH_CONNECTION");
    }

    @Test
    @DisplayName("[CF-OP-7] listening twice on one port is refused with TR_IN_USE")
    void listeningTwiceIsRefused() throws Exception {
        assertThat(request("{\"op\":\"listen\",\"port\":7}").path("ok").asBoolean()).isTrue();
        JsonNode again = request("{\"op\":\"listen\",\"port\":7}");
        assertThat(again.path("error").path("code").asText()).as(again.toString()).isEqualTo("TR_IN_USE");
        assertThat(request("{\"op\":\"listen\",\"port\":8}").path("ok").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("[CF-OP-6] [FR-LEN-1] a send longer than the limit fails with FR_TOO_LARGE, as data or as a test pattern")
    void sendAboveTheLimitIsTooLarge() throws Exception {
        String peer = "\"127.0.0.1:" + silent.getLocalPort() + "\"";
        JsonNode connect = request("{\"op\":\"connect\",\"address\":" + peer + ",\"port\":9}");
        long conn = connect.path("result").path("conn").asLong();
        JsonNode pattern = request("{\"op\":\"send\",\"conn\":" + conn + ",\"length\":1001,\"seed\":1}");
        assertThat(pattern.path("error").path("code").asText()).as(pattern.toString()).isEqualTo("FR_TOO_LARGE");
        JsonNode data = request("{\"op\":\"send\",\"conn\":" + conn + ",\"data\":\"" + "00".repeat(1001) + "\"}");
        assertThat(data.path("error").path("code").asText()).as(data.toString()).isEqualTo("FR_TOO_LARGE");
        JsonNode huge = request("{\"op\":\"send\",\"conn\":" + conn + ",\"length\":4294967295,\"seed\":1}");
        assertThat(huge.path("error").path("code").asText()).as(huge.toString()).isEqualTo("FR_TOO_LARGE");
        JsonNode negative = request("{\"op\":\"send\",\"conn\":" + conn + ",\"length\":-1,\"seed\":1}");
        assertThat(negative.path("error").path("code").asText()).as(negative.toString()).isEqualTo("USAGE");
    }

    /** Sends one request and returns its reply, skipping events. */
    private JsonNode request(String body) throws Exception {
        int id = nextId++;
        stdin.write(("{\"id\":" + id + "," + body.substring(1) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no reply to " + body);
            }
            if (line.path("id").asInt(-1) == id) {
                return line;
            }
        }
    }

    /** Collects the channel's stdout, one JSON line at a time. */
    private final class LineSink extends OutputStream {
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(int b) throws IOException {
            if (b == '\n') {
                lines.add(json.readTree(line.toString()));
                line.setLength(0);
            } else if (b != '\r') {
                line.append((char) b);
            }
        }
    }
}
