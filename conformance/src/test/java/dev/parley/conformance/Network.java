package dev.parley.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conformance.framing.TestPattern;
import dev.parley.conformance.iut.IutProcess;
import dev.parley.conformance.iut.Verdict;
import dev.parley.conformance.transport.TransportTester;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The per-scenario view of the transport and framing layers across IUT nodes (picocontainer shares
 * it between {@link TransportSteps} and {@link FramingSteps}): the nodes by name, the connections
 * between them (each known on both ends by its own {@code conn}), the messages sent on them and what
 * they must look like on arrival, and the tester's hand-made connection. It reads the connection
 * events of spec/conformance.md section 6.1 and turns what it finds into verdicts.
 */
public final class Network {

    /** The end of a connection a node reports: the node's name and its {@code conn}. */
    public record End(String node, long conn) {
        @Override
        public String toString() {
            return "node " + node + " conn " + conn;
        }
    }

    /**
     * A connection: opened by {@code connector} (a node, or {@link #TESTER}) from its transport port
     * {@code localPort} to {@code listener}'s {@code port}. The listener's {@code conn} is learned
     * from its {@code accepted} event.
     */
    public static final class Link {
        final End connectorEnd;
        final int localPort;
        final String listener;
        final int port;
        Long listenerConn;
        final List<Sent> toListener = new ArrayList<>();
        final List<Sent> toConnector = new ArrayList<>();

        Link(End connectorEnd, int localPort, String listener, int port) {
            this.connectorEnd = connectorEnd;
            this.localPort = localPort;
            this.listener = listener;
            this.port = port;
        }

        public End connector() {
            return connectorEnd;
        }

        public String listener() {
            return listener;
        }

        @Override
        public String toString() {
            return connectorEnd + " (transport port " + localPort + ") -> node " + listener + " port " + port
                    + (listenerConn == null ? "" : " (conn " + listenerConn + ")");
        }
    }

    /**
     * A message sent on a link: its length and SHA-256 as the suite computes them, and the pending
     * {@code send} request when a node sent it.
     */
    public record Sent(String sender, long length, String sha256, String what, IutProcess.PendingRequest request) {
    }

    /** The name of the suite's own end in links it opened by hand. */
    public static final String TESTER = "tester";

    private final World world;
    private final Map<String, Long> maxMessage = new HashMap<>();
    private final Map<String, Long> maxMemory = new HashMap<>();
    private final List<Link> links = new ArrayList<>();
    private Link current;
    private TransportTester tester;

    public Network(World world) {
        this.world = world;
    }

    // ---- nodes --------------------------------------------------------------------------------

    /** Sets node {@code name}'s message limit, {@code {max_message}}, before it starts. */
    public void maxMessage(String name, long bytes) {
        if (world.hasProcess(name)) {
            throw new IllegalStateException("node " + name + " is already running");
        }
        maxMessage.put(name, bytes);
    }

    /** Sets node {@code name}'s memory budget, {@code {max_memory}}, before it starts. */
    public void maxMemory(String name, long bytes) {
        if (world.hasProcess(name)) {
            throw new IllegalStateException("node " + name + " is already running");
        }
        maxMemory.put(name, bytes);
    }

    /** Node {@code name}, started with the scenario's placeholders on first use. */
    public IutProcess node(String name) {
        if (name.equals(TESTER)) {
            throw new IllegalArgumentException("the tester is no node");
        }
        if (!world.hasProcess(name)) {
            Map<String, String> extra = new LinkedHashMap<>();
            if (maxMessage.containsKey(name)) {
                extra.put("max_message", Long.toString(maxMessage.get(name)));
            }
            if (maxMemory.containsKey(name)) {
                extra.put("max_memory", Long.toString(maxMemory.get(name)));
            }
            world.startAs(name, "node", extra);
        }
        return world.process(name);
    }

    // ---- links --------------------------------------------------------------------------------

    public Link add(End connectorEnd, int localPort, String listener, int port) {
        Link link = new Link(connectorEnd, localPort, listener, port);
        links.add(link);
        current = link;
        return link;
    }

    /** The connection the scenario spoke of last ("that connection"). */
    public Link current() {
        if (current == null) {
            throw new IllegalStateException("the scenario has opened no connection");
        }
        return current;
    }

    public List<Link> links() {
        return List.copyOf(links);
    }

    public void tester(TransportTester value) {
        this.tester = value;
    }

    public TransportTester tester() {
        if (tester == null) {
            throw new IllegalStateException("the tester has opened no connection");
        }
        return tester;
    }

    /** The link the tester opened by hand. */
    public Link testerLink() {
        return links.stream().filter(l -> l.connectorEnd.node().equals(TESTER)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("the tester has opened no connection"));
    }

    /** {@code node}'s end of {@code link}; the listener's end waits for its {@code accepted} event. */
    public End end(Link link, String node, Duration bound) {
        if (node.equals(link.connectorEnd.node())) {
            return link.connectorEnd;
        }
        if (!node.equals(link.listener)) {
            throw new IllegalArgumentException("node " + node + " is no end of " + link);
        }
        return new End(node, listenerConn(link, bound));
    }

    /** The other end's name. */
    public String peerOf(Link link, String node) {
        return node.equals(link.listener) ? link.connectorEnd.node() : link.listener;
    }

    /**
     * The listener's {@code conn} for {@code link}: the {@code accepted} event on its port whose
     * {@code peer_port} is the connector's transport port.
     */
    public long listenerConn(Link link, Duration bound) {
        if (link.listenerConn != null) {
            return link.listenerConn;
        }
        IutProcess listener = world.process(link.listener);
        Set<Long> claimed = new java.util.HashSet<>();
        links.stream().filter(l -> l != link && l.listenerConn != null && l.listener.equals(link.listener))
                .forEach(l -> claimed.add(l.listenerConn));
        Optional<JsonNode> accepted = listener.awaitEvent(e -> is(e, "accepted")
                && e.path("port").asInt(-1) == link.port && e.path("peer_port").asInt(-1) == link.localPort
                && e.path("conn").canConvertToLong() && !claimed.contains(e.get("conn").asLong()), bound);
        if (accepted.isEmpty()) {
            throw world.failure(Verdict.TIMEOUT, "node " + link.listener + " reported no \"accepted\" event for "
                    + link + " within " + bound.toMillis() + " ms [CF-EV-1]; its events: " + summary(listener, null));
        }
        link.listenerConn = accepted.get().get("conn").asLong();
        return link.listenerConn;
    }

    // ---- events -------------------------------------------------------------------------------

    /** Events of {@code end}'s connection, oldest first. */
    public List<JsonNode> events(End end) {
        return world.process(end.node()).events().stream().filter(e -> e.path("conn").canConvertToLong()
                && e.get("conn").asLong() == end.conn()).toList();
    }

    /**
     * Waits for the first event of {@code end}'s connection that {@code wanted} accepts; a
     * {@code closed} event that comes first ends the wait (returned, for the caller to judge).
     */
    public Optional<JsonNode> awaitEvent(End end, Predicate<JsonNode> wanted, Duration bound) {
        IutProcess process = world.process(end.node());
        return process.awaitEvent(e -> e.path("conn").canConvertToLong() && e.get("conn").asLong() == end.conn()
                && (wanted.test(e) || is(e, "closed")), bound);
    }

    /**
     * Checks that {@code end}'s events come in the order of [CF-EV-1]: {@code accepted},
     * {@code open}, {@code message}s, {@code peer_closed}, {@code closed}, each of the single ones at
     * most once, and no message before {@code open}.
     */
    public void checkEventOrder(End end) {
        List<String> names = List.of("accepted", "open", "message", "peer_closed", "closed");
        int last = -1;
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode e : events(end)) {
            String name = e.path("event").asText();
            int rank = names.indexOf(name);
            if (rank < 0) {
                continue;
            }
            int count = counts.merge(name, 1, Integer::sum);
            if (rank < last || (!name.equals("message") && count > 1)
                    || (name.equals("message") && !counts.containsKey("open"))) {
                throw world.failure(Verdict.WRONG, "the events of " + end + " break the order accepted, open, "
                        + "message..., peer_closed, closed (each at most once) [CF-EV-1] [TR-INV-1]: "
                        + summary(world.process(end.node()), end));
            }
            last = rank;
        }
    }

    /** The {@code message} events of {@code end}'s connection, oldest first. */
    public List<JsonNode> messages(End end) {
        return events(end).stream().filter(e -> is(e, "message")).toList();
    }

    /** The {@code closed} event of {@code end}'s connection, if it came. */
    public Optional<JsonNode> closed(End end) {
        return events(end).stream().filter(e -> is(e, "closed")).findFirst();
    }

    /**
     * Waits until {@code end} has reported at least {@code count} messages; returns them all. A
     * {@code closed} event before that is a {@code CLOSED} failure.
     */
    public List<JsonNode> awaitMessages(End end, int count, Duration bound) {
        IutProcess process = world.process(end.node());
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            List<JsonNode> messages = messages(end);
            if (messages.size() >= count) {
                return messages;
            }
            Optional<JsonNode> closed = closed(end);
            if (closed.isPresent()) {
                throw world.failure(Verdict.CLOSED, end + " ended with " + closed.get() + " after " + messages.size()
                        + " of " + count + " messages; events: " + summary(process, end));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw world.failure(Verdict.TIMEOUT, end + " reported " + messages.size() + " of " + count
                        + " expected messages within " + bound.toMillis() + " ms; events: " + summary(process, end));
            }
            Set<JsonNode> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            seen.addAll(messages);
            process.awaitEvent(e -> e.path("conn").canConvertToLong() && e.get("conn").asLong() == end.conn()
                    && (is(e, "closed") || (is(e, "message") && !seen.contains(e))), Duration.ofNanos(left));
        }
    }

    /** Checks one reported message against what was sent. */
    public void checkMessage(End end, int index, JsonNode message, Sent sent) {
        long length = message.path("length").asLong(-1);
        String sha = message.path("sha256").asText("");
        if (length == sent.length() && sha.equalsIgnoreCase(sent.sha256())) {
            if (message.has("data") && !TestPattern.sha256Hex(dev.parley.conformance.datagram.TesterCodec
                    .unhex(message.get("data").asText())).equalsIgnoreCase(sent.sha256())) {
                throw world.failure(Verdict.WRONG, "message #" + (index + 1) + " on " + end + " has the right sha256 but "
                        + "its \"data\" does not hash to it: " + message);
            }
            return;
        }
        String senderSide = "";
        if (sent.request() != null && sent.request().isDone()) {
            senderSide = "; the sender's reply was " + sent.request();
        }
        throw world.failure(Verdict.WRONG, "message #" + (index + 1) + " on " + end + " should be " + sent.what()
                + " (length " + sent.length() + ", sha256 " + sent.sha256() + "), the node reported length " + length
                + ", sha256 " + sha + " [FR-DELIV-1] [TR-DATA-3]" + senderSide);
    }

    /** Messages sent on {@code link} toward {@code node}, in order. */
    public List<Sent> sentTo(Link link, String node) {
        return node.equals(link.listener) ? link.toListener : link.toConnector;
    }

    /** Records a message sent on {@code link} by {@code sender}. */
    public Sent recordSent(Link link, String sender, Sent sent) {
        (sender.equals(link.listener) ? link.toConnector : link.toListener).add(sent);
        return sent;
    }

    /** A node's events for one connection (or all, when {@code end} is null), short, for failure messages. */
    public String summary(IutProcess process, End end) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : process.events()) {
            if (end != null && !(e.path("conn").canConvertToLong() && e.get("conn").asLong() == end.conn())) {
                continue;
            }
            out.add(e.toString().length() > 200 ? e.toString().substring(0, 200) + "..." : e.toString());
        }
        if (out.size() > 40) {
            int dropped = out.size() - 40;
            out = new ArrayList<>(out.subList(out.size() - 40, out.size()));
            out.add(0, "(" + dropped + " earlier)");
        }
        return out.isEmpty() ? "(none)" : String.join(", ", out);
    }

    static boolean is(JsonNode event, String name) {
        return name.equals(event.path("event").asText());
    }
}
