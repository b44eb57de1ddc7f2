package dev.parley.conformance.chat.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conformance.chat.TesterCipher;
import dev.parley.conformance.chat.TesterCrypto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The suite's own peer crypto against spec/vectors/messaging.json (written by an implementation that shares no code
 * with the suite or the reference implementation), and the suite's tampered PeerOpens against its own responder: a
 * scenario that claims "the IUT refuses a tampered PeerOpen with X" relies on both.
 */
class PeerTesterVectorTest {

    private static final HexFormat HEX = HexFormat.of();
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        Path file = Path.of("../spec/vectors/messaging.json");
        if (!Files.exists(file)) {
            file = Path.of("spec/vectors/messaging.json");
        }
        vectors = new ObjectMapper().readTree(file.toFile());
    }

    private static JsonNode group(String type) {
        for (JsonNode g : vectors.get("testGroups")) {
            if (g.get("type").asText().equals(type)) {
                return g;
            }
        }
        throw new AssertionError("no group " + type);
    }

    private static byte[] hex(JsonNode n) {
        return HEX.parseHex(n.asText());
    }

    @Test
    @DisplayName("[PM-KS-1] the key schedule gives the vectors' prk and both traffic secrets")
    void keySchedule() {
        JsonNode t = group("PeerKeySchedule").get("tests").get(0);
        byte[] input = hex(t.get("input"));
        PeerTester.Keys k = PeerTester.Keys.derive(java.util.Arrays.copyOf(input, 32),
                java.util.Arrays.copyOfRange(input, 32, 64));
        JsonNode e = t.get("expected");
        assertThat(HEX.formatHex(k.prk())).isEqualTo(e.get("prk").asText());
        assertThat(HEX.formatHex(k.i2r())).isEqualTo(e.at("/i2r/trafficSecret").asText());
        assertThat(HEX.formatHex(k.r2i())).isEqualTo(e.at("/r2i/trafficSecret").asText());
        assertThat(HEX.formatHex(new TesterCipher(k.i2r()).nonce(0))).isEqualTo(e.at("/i2r/iv").asText());
    }

    private record Bob(PeerTester bob, long now, Map<String, byte[]> online) {
    }

    private static Bob bob() {
        JsonNode g = group("PeerOpen");
        PeerTester bob = new PeerTester("Bob", TesterCrypto.rsaPrivate(hex(g.get("recipientPkcs8"))),
                hex(g.get("recipientSpki")), new SecureRandom());
        return new Bob(bob, g.get("nowMs").asLong(), Map.of("Alice", hex(g.get("senderSpki"))));
    }

    @Test
    @DisplayName("[PM-RCV-1] [PM-SIG-1] [PM-OPEN-2] [PM-OPEN-3] every PeerOpen vector: accepted, or the first failing check's code")
    void peerOpens() {
        Bob b = bob();
        int checked = 0;
        for (JsonNode t : group("PeerOpen").get("tests")) {
            PeerTester.Accepted a = b.bob().accept(hex(t.get("input")), b.now(), b.online()::get);
            if (t.get("result").asText().equals("valid")) {
                assertThat(a.code()).as("tcId %s", t.get("tcId").asText()).isNull();
                assertThat(a.text()).isEqualTo(t.at("/expected/text").asText());
                assertThat(HEX.formatHex(a.header().raw())).isEqualTo(t.at("/expected/header").asText());
            } else {
                assertThat(a.code()).as("tcId %s: %s", t.get("tcId").asText(), t.get("comment").asText())
                        .isEqualTo(t.get("error").asText());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(13);
    }

    @Test
    @DisplayName("[PM-KS-1] [PM-SEQ-1] the follow-up vector opens in the session of the PeerOpen vector")
    void followUp() {
        Bob b = bob();
        PeerTester.Accepted a = b.bob().accept(hex(group("PeerOpen").get("tests").get(0).get("input")), b.now(),
                b.online()::get);
        JsonNode t = group("PeerFollowUp").get("tests").get(0);
        PeerTesterCodec.Body body = b.bob().openMessage(a.session(), hex(t.get("input")));
        assertThat(body).isNotNull();
        assertThat(body.text()).isEqualTo(t.at("/expected/text").asText());
    }

    @Test
    @DisplayName("[PM-BODY-1] every body vector: read, or malformed")
    void bodies() {
        for (JsonNode t : group("PeerBody").get("tests")) {
            PeerTesterCodec.Body body = PeerTesterCodec.readBody(hex(t.get("input")), PeerTester.MAX_TEXT);
            if (t.get("result").asText().equals("valid")) {
                assertThat(body).as("tcId %s", t.get("tcId").asText()).isNotNull();
                assertThat(body.bodyType()).isEqualTo(t.at("/expected/bodyType").asInt());
            } else {
                assertThat(body).as("tcId %s", t.get("tcId").asText()).isNull();
            }
        }
    }

    @Test
    @DisplayName("the suite's PeerOpens: the untampered one opens and is answered; each tampered one gets its code")
    void suitePeerOpens() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(3072);
        KeyPair alice = gen.generateKeyPair();
        KeyPair bob = gen.generateKeyPair();
        KeyPair mallory = gen.generateKeyPair();
        SecureRandom random = new SecureRandom();
        PeerTester a = new PeerTester("Alice", alice.getPrivate(), alice.getPublic().getEncoded(), random);
        PeerTester b = new PeerTester("Bob", bob.getPrivate(), bob.getPublic().getEncoded(), random);
        Map<String, byte[]> online = Map.of("Alice", alice.getPublic().getEncoded());
        long now = System.currentTimeMillis();
        Map<PeerTester.Tamper, String> expected = Map.of(PeerTester.Tamper.NONE, "", PeerTester.Tamper.CIPHERTEXT_BIT,
                "PM_BAD_SIGNATURE", PeerTester.Tamper.HEADER_TIMESTAMP, "PM_BAD_SIGNATURE", PeerTester.Tamper.RESIGNED,
                "PM_BAD_SIGNATURE", PeerTester.Tamper.SUITE_2, "PM_BAD_SUITE", PeerTester.Tamper.STALE, "PM_STALE",
                PeerTester.Tamper.SEALED_R2I, "PM_BAD_RECORD");
        for (PeerTester.Tamper tamper : PeerTester.Tamper.values()) {
            PeerTester.Outgoing out = a.open("Bob", bob.getPublic().getEncoded(), "hi", now, tamper, mallory.getPrivate());
            PeerTester.Accepted got = b.accept(out.message(), now, online::get);
            assertThat(got.code() == null ? "" : got.code()).as("%s", tamper).isEqualTo(expected.get(tamper));
            if (tamper == PeerTester.Tamper.NONE) {
                assertThat(got.text()).isEqualTo("hi");
                byte[] receipt = b.seal(got.session(), PeerTesterCodec.receiptBody(got.session().openId));
                PeerTesterCodec.Body r = a.openMessage(out.session(), receipt);
                assertThat(r.ackedId()).isEqualTo(out.session().openId);
                PeerTesterCodec.Body t = b.openMessage(got.session(), a.seal(out.session(), PeerTesterCodec.textBody("2")));
                assertThat(t.text()).isEqualTo("2");
            }
        }
        PeerTester carol = new PeerTester("Carol", bob.getPrivate(), bob.getPublic().getEncoded(), random);
        assertThat(carol.accept(a.open("Bob", bob.getPublic().getEncoded(), "x", now, PeerTester.Tamper.NONE, null)
                .message(), now, online::get).code()).isEqualTo("PM_NOT_FOR_ME");
    }
}
