package dev.parley.conformance.iut;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in IUT process for the adapter's own tests, with only the JDK: it binds a UDP socket,
 * then behaves as its first argument says (a well-behaved process, or one of the ways a process
 * can break the contract).
 */
public final class FakeIut {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern OP = Pattern.compile("\"op\"\\s*:\\s*\"([^\"]*)\"");

    private FakeIut() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "good";
        System.err.println("fake iut starting in mode " + mode);
        switch (mode) {
            case "exit-before-ready" -> System.exit(3);
            case "exit-0-before-ready" -> System.exit(0);
            case "bad-first-line" -> {
                System.out.println("hello, I am starting");
                System.out.flush();
                System.in.read();
                return;
            }
            case "silent" -> {
                System.in.read();
                return;
            }
            default -> {
            }
        }
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            System.out.println("READY " + socket.getLocalPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher id = ID.matcher(line);
                Matcher op = OP.matcher(line);
                String requestId = id.find() ? id.group(1) : "null";
                String name = op.find() ? op.group(1) : "";
                switch (name) {
                    case "stats" -> reply("{\"id\":" + requestId + ",\"ok\":true,\"result\":{\"received\":0}}");
                    case "shutdown" -> {
                        reply("{\"id\":" + requestId + ",\"ok\":true,\"result\":{}}");
                        System.exit(0);
                    }
                    case "crash" -> System.exit(134);
                    case "hang" -> {
                    }
                    case "garbage" -> reply("this is not json");
                    case "event" -> reply("{\"event\":\"something\",\"n\":1}");
                    default -> reply("{\"id\":" + requestId + ",\"ok\":false,\"error\":{\"code\":\"UNSUPPORTED_OP\","
                            + "\"message\":\"no op\"}}");
                }
            }
        }
        System.exit("eof-exit-1".equals(mode) ? 1 : 0);
    }

    private static void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
