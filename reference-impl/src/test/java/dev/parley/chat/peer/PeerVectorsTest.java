package dev.parley.chat.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.chat.DeterministicRandom;
import dev.parley.chat.SessionCipher;
import dev.parley.chat.Suite1;
import dev.parley.chat.peer.PeerMessaging.Outcome;
import dev.parley.transport.SpecFiles;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine against spec/vectors/messaging.json, written by an independent generator. */
class PeerVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static JsonNode doc;

    @BeforeAll
    static void load() throws Exception {
        doc = new ObjectMapper().readTree(SpecFiles.spec("vectors/messaging.json").toFile());
        int n = 0;
        for (JsonNode g : doc.get("testGroups")) {
            n += g.get("tests").size();
        }
        assertThat(n).isEqualTo(doc.get("numberOfTests").asInt());
    }

    private static JsonNode group(String type) {
        for (JsonNode g : doc.get("testGroups")) {
            if (g.get("type").asText().equals(type)) {
                return g;
            }
        }
        throw new AssertionError("no group " + type);
    }

    private static byte[] hex(JsonNode n) {
        return HEX.parseHex(n.asText());
    }

    private static PrivateKey pkcs8(JsonNode n) throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(hex(n)));
    }

    /** One session driven by a test: what it sent, the look-up it asked for, what it delivered. */
    private static final class Driver implements PeerSession.Wire, PeerSession.Events {
        final List<byte[]> sent = new ArrayList<>();
        final List<String> delivered = new ArrayList<>();
        String lookup;
        boolean connect;

        public void send(byte[] m) {
            sent.add(m);
        }

        public void close() {
        }

        public void abort() {
        }

        public void connect() {
            connect = true;
        }

        public void lookupSender(String user) {
            lookup = user;
        }

        public void delivered(PeerSession s, String sender, String text, long sentAtMs) {
            delivered.add(sender + ": " + text + " @" + sentAtMs);
        }

        public void keyChanged(String user, String pinned, String presented) {
        }

        public void closed(PeerSession s) {
        }
    }

    private static PeerSession.Shared shared(String user, PrivateKey key, byte[] spki, SecureRandom random) {
        return new PeerSession.Shared(PeerConfig.defaults(), user, key, spki, new PeerPins(null, 10),
                new OpenReplayCache(1024), new PeerStats(), random);
    }

    @Test
    @DisplayName("[PM-KS-1] [PM-KS-2] the key schedule matches the vectors")
    void keySchedule() {
        for (JsonNode t : group("PeerKeySchedule").get("tests")) {
            byte[] in = hex(t.get("input"));
            PeerKeys k = new PeerKeys(Arrays.copyOf(in, 32), Arrays.copyOfRange(in, 32, 64));
            JsonNode e = t.get("expected");
            assertThat(k.prk()).isEqualTo(hex(e.get("prk")));
            for (String dir : List.of("i2r", "r2i")) {
                byte[] ts = dir.equals("i2r") ? k.secretI2r() : k.secretR2i();
                JsonNode d = e.get(dir);
                assertThat(ts).isEqualTo(hex(d.get("trafficSecret")));
                assertThat(PeerKeys.key(ts)).isEqualTo(hex(d.get("key")));
                assertThat(PeerKeys.iv(ts)).isEqualTo(hex(d.get("iv")));
                assertThat(PeerKeys.next(ts)).isEqualTo(hex(d.get("next")));
            }
        }
    }

    @Test
    @DisplayName("[PM-KEX-1] [PM-SIG-1] [PM-MSG-2] with the deterministic source the initiator sends the vector's PeerOpen and follow-up octet for octet; the responder accepts it")
    void completeFirstMessageAndFollowUp() throws Exception {
        JsonNode g = group("PeerOpen");
        JsonNode valid = g.get("tests").get(0);
        long now = g.get("nowMs").asLong();
        byte[] aliceSpki = hex(g.get("senderSpki"));
        byte[] bobSpki = hex(g.get("recipientSpki"));
        Driver a = new Driver();
        PeerSession alice = PeerSession.initiator(shared("Alice", pkcs8(g.get("senderPkcs8")), aliceSpki,
                new DeterministicRandom(g.get("seed").asText())), a, a, "Bob", bobSpki);
        List<Outcome> outcomes = new ArrayList<>();
        alice.send("hello Bob", (o, d) -> outcomes.add(o), now);
        assertThat(a.connect).isTrue();
        alice.onConnected(now);
        assertThat(HEX.formatHex(a.sent.get(0))).isEqualTo(valid.get("input").asText());

        Driver b = new Driver();
        PrivateKey bobKey = pkcs8(g.get("recipientPkcs8"));
        PeerSession bob = PeerSession.responder(shared("Bob", bobKey, bobSpki, new DeterministicRandom("bob")), b, b);
        bob.onAccepted(now);
        bob.onMessage(a.sent.get(0), now);
        assertThat(b.lookup).isEqualTo("Alice");
        bob.onKeyFound(aliceSpki, now);
        assertThat(b.delivered).containsExactly("Alice: hello Bob @" + now);
        alice.onMessage(b.sent.get(0), now); // the receipt
        assertThat(outcomes).containsExactly(Outcome.DELIVERED);
        alice.send("second, AEAD only", (o, d) -> outcomes.add(o), now);
        JsonNode follow = group("PeerFollowUp").get("tests").get(0);
        assertThat(HEX.formatHex(a.sent.get(1))).isEqualTo(follow.get("input").asText());

        PeerWire.Open o = (PeerWire.Open) PeerCodec.decode(a.sent.get(0), PeerCodec.DEFAULT_MAX_TEXT);
        JsonNode e = valid.get("expected");
        assertThat(o.headerBytes()).isEqualTo(hex(e.get("header")));
        assertThat(o.header().messageId()).isEqualTo(hex(e.get("messageId")));
        assertThat(o.header().timestampMs()).isEqualTo(e.get("timestampMs").asLong());
        assertThat(Suite1.oaepUnwrap(bobKey, o.wrappedKey())).isEqualTo(hex(e.get("peerSecret")));
        assertThat(PeerKeys.openHash(o.headerBytes(), o.wrappedKey(), aliceSpki, bobSpki)).isEqualTo(hex(e.get("openHash")));
        assertThat(PeerKeys.signedOpen(o.headerBytes(), o.wrappedKey(), aliceSpki, bobSpki, o.sealed()))
                .isEqualTo(hex(e.get("signedOpen")));
        assertThat(Suite1.pssVerify(Suite1.publicKey(aliceSpki), hex(e.get("signedOpen")), o.signature())).isTrue();
    }

    @Test
    @DisplayName("[PM-RCV-1] [PM-OPEN-2] [PM-OPEN-3] [PM-SIG-1] every invalid PeerOpen is refused with its vector's code, nothing shown")
    void invalidFirstMessages() throws Exception {
        JsonNode g = group("PeerOpen");
        long now = g.get("nowMs").asLong();
        byte[] aliceSpki = hex(g.get("senderSpki"));
        PrivateKey bobKey = pkcs8(g.get("recipientPkcs8"));
        int checked = 0;
        for (JsonNode t : g.get("tests")) {
            Driver b = new Driver();
            PeerSession bob = PeerSession.responder(shared("Bob", bobKey, hex(g.get("recipientSpki")),
                    new DeterministicRandom("bob")), b, b);
            bob.onAccepted(now);
            bob.onMessage(hex(t.get("input")), now);
            if (b.lookup != null) {
                bob.onKeyFound(aliceSpki, now);
            }
            if (t.get("result").asText().equals("valid")) {
                assertThat(b.delivered).as(t.get("comment").asText()).hasSize(1);
                continue;
            }
            assertThat(b.delivered).as(t.get("comment").asText()).isEmpty();
            assertThat(b.sent).as(t.get("comment").asText()).hasSize(1);
            PeerWire.Error err = (PeerWire.Error) PeerCodec.decode(b.sent.get(0), PeerCodec.DEFAULT_MAX_TEXT);
            assertThat(PeerCode.ofValue(err.code()).code()).as(t.get("comment").asText())
                    .isEqualTo(t.get("error").asText());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    @DisplayName("[PM-KS-1] [PM-SEQ-1] the follow-up opens under i2r at its seq with its header as AAD")
    void followUpOpens() throws Exception {
        JsonNode g = group("PeerFollowUp");
        byte[] i2r = hex(g.get("i2r"));
        for (JsonNode t : g.get("tests")) {
            PeerWire.Sealed s = (PeerWire.Sealed) PeerCodec.decode(hex(t.get("input")), PeerCodec.DEFAULT_MAX_TEXT);
            JsonNode e = t.get("expected");
            assertThat(s.headerBytes()).isEqualTo(hex(e.get("header")));
            assertThat(s.header().seq()).isEqualTo(e.get("seq").asLong());
            assertThat(SessionCipher.nonce(PeerKeys.iv(i2r), s.header().seq())).isEqualTo(hex(e.get("nonce")));
            byte[] body = new PeerCipher(i2r, 1 << 24).open(s.header().seq(), s.headerBytes(), s.sealed());
            assertThat(body).isEqualTo(hex(e.get("body")));
            assertThat(((PeerWire.Text) PeerCodec.decodeBody(body, 100)).text()).isEqualTo(e.get("text").asText());
        }
    }

    @Test
    @DisplayName("[PM-BODY-1] bodies decode as the vectors say")
    void bodies() {
        for (JsonNode t : group("PeerBody").get("tests")) {
            byte[] in = hex(t.get("input"));
            try {
                PeerWire.Body b = PeerCodec.decodeBody(in, PeerCodec.DEFAULT_MAX_TEXT);
                assertThat(t.get("result").asText()).as(t.get("comment").asText()).isEqualTo("valid");
                JsonNode e = t.get("expected");
                assertThat(b.bodyType()).isEqualTo(e.get("bodyType").asInt());
                if (b instanceof PeerWire.Text x) {
                    assertThat(x.text()).isEqualTo(e.get("text").asText());
                } else if (b instanceof PeerWire.Receipt r) {
                    assertThat(r.ackedId()).isEqualTo(hex(e.get("ackedId")));
                }
                assertThat(PeerCodec.encodeBody(b)).isEqualTo(in);
            } catch (PeerException ex) {
                assertThat(t.get("result").asText()).as(t.get("comment").asText()).isEqualTo("invalid");
                assertThat(ex.code().code()).isEqualTo(t.get("error").asText());
            }
        }
    }
}
