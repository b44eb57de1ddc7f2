package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The implementation against spec/vectors/chat.json, written by the independent Python generator. */
class ChatVectorsTest {
    private static JsonNode v;
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void load() throws Exception {
        v = new ObjectMapper().readTree(ChatSpecFiles.spec("vectors/chat.json").toFile());
    }

    private static byte[] hex(JsonNode n, String field) {
        return HEX.parseHex(n.get(field).asText());
    }

    @Test
    @DisplayName("[CH-POW-1] leading zero bits are counted from the most significant bit")
    void leadingZeroBits() {
        for (JsonNode t : v.get("leadingZeroBits")) {
            assertThat(Suite1.leadingZeroBits(hex(t, "hash"))).isEqualTo(t.get("leadingZeroBits").asInt());
        }
    }

    @Test
    @DisplayName("[CH-COOKIE-2] the cookie MAC and encoding match, and bind the client endpoint")
    void cookie() throws ChatException {
        JsonNode c = v.get("cookie");
        Endpoint ep = ChatCodec.decodeEndpoint(hex(c, "clientEndpoint"));
        byte[] mac = Cookie.mac(hex(c, "secret"), c.get("keyId").asInt(), c.get("timestampMs").asLong(),
                c.get("difficulty").asInt(), hex(c, "serverNonce"), hex(c, "clientNonce"), ep);
        assertThat(HEX.formatHex(mac)).isEqualTo(c.get("mac").asText());
        Endpoint other = ChatCodec.decodeEndpoint(hex(c, "otherEndpoint"));
        assertThat(HEX.formatHex(Cookie.mac(hex(c, "secret"), c.get("keyId").asInt(), c.get("timestampMs").asLong(),
                c.get("difficulty").asInt(), hex(c, "serverNonce"), hex(c, "clientNonce"), other)))
                .isEqualTo(c.get("macForOtherEndpoint").asText()).isNotEqualTo(c.get("mac").asText());
        ChatMessage.Cookie ck = new ChatMessage.Cookie(c.get("keyId").asInt(), c.get("timestampMs").asLong(),
                c.get("difficulty").asInt(), hex(c, "serverNonce"), mac);
        assertThat(HEX.formatHex(ChatCodec.encodeCookie(ck))).isEqualTo(c.get("cookie").asText());
    }

    @Test
    @DisplayName("[CH-POW-1] the published solution verifies and the published wrong one does not")
    void proofOfWork() throws ChatException {
        JsonNode p = v.get("proofOfWork");
        byte[] req = hex(p, "loginRequest");
        int d = p.get("difficulty").asInt();
        assertThat(HEX.formatHex(ProofOfWork.hash(req))).isEqualTo(p.get("powHash").asText());
        assertThat(ProofOfWork.check(req, d)).isTrue();
        assertThat(ProofOfWork.check(hex(p, "invalidLoginRequest"), d)).isFalse();
        // the codec reads and rewrites the request octet for octet
        assertThat(ChatCodec.encode(ChatCodec.decode(req))).isEqualTo(req);
        // our solver finds the same first solution counting from zero
        byte[] mine = req.clone();
        ProofOfWork.solve(mine, d, 0);
        assertThat(mine).isEqualTo(req);
    }

    @Test
    @DisplayName("[CH-TH-1] [CH-POP-1] th1, th2 and the proof input match; the canonical hello and the challenge encode alike")
    void transcript() throws ChatException {
        JsonNode t = v.get("transcript");
        ChatMessage.LoginRequest r = (ChatMessage.LoginRequest) ChatCodec.decode(hex(t, "loginRequest"));
        byte[] hello = ChatCodec.encode(new ChatMessage.ClientHello(1, 1, r.clientNonce(), ChatCodec.HELLO_LENGTH - 35));
        assertThat(HEX.formatHex(hello)).isEqualTo(t.get("clientHello").asText());
        byte[] challenge = ChatCodec.encode(new ChatMessage.Challenge(1, 1, hex(t, "serverSpki"), r.cookie()));
        assertThat(HEX.formatHex(challenge)).isEqualTo(t.get("challenge").asText());
        Transcript tr = new Transcript().add(hello).add(challenge).add(hex(t, "loginRequest"));
        assertThat(HEX.formatHex(tr.hash())).isEqualTo(t.get("th1").asText());
        tr.add(hex(t, "envelopeResponse")).add(hex(t, "serverSpki"));
        assertThat(HEX.formatHex(tr.hash())).isEqualTo(t.get("th2").asText());
        assertThat(HEX.formatHex(Transcript.proofInput(tr.hash()))).isEqualTo(t.get("proofInput").asText());
    }

    @Test
    @DisplayName("[CH-KS-1] [CH-REKEY-1] the HKDF schedule, nonces, record headers and the next secret match")
    void keySchedule() {
        JsonNode k = v.get("keySchedule");
        KeySchedule ks = new KeySchedule(hex(k, "loginSecret"), hex(k, "th1"));
        assertThat(HEX.formatHex(Suite1.hkdfExtract(hex(k, "th1"), hex(k, "loginSecret")))).isEqualTo(k.get("prk").asText());
        for (String dir : new String[] {"c2s", "s2c", "c2sAfterUpdate"}) {
            JsonNode t = k.get(dir);
            byte[] ts = hex(t, "trafficSecret");
            assertThat(HEX.formatHex(KeySchedule.key(ts))).isEqualTo(t.get("key").asText());
            assertThat(HEX.formatHex(KeySchedule.iv(ts))).isEqualTo(t.get("iv").asText());
            assertThat(HEX.formatHex(KeySchedule.next(ts))).isEqualTo(t.get("next").asText());
        }
        assertThat(HEX.formatHex(ks.secretC2s())).isEqualTo(k.get("c2s").get("trafficSecret").asText());
        assertThat(HEX.formatHex(ks.secretS2c())).isEqualTo(k.get("s2c").get("trafficSecret").asText());
        assertThat(k.get("c2sAfterUpdate").get("trafficSecret").asText()).isEqualTo(k.get("c2s").get("next").asText());
        byte[] iv = HEX.parseHex(k.get("c2s").get("iv").asText());
        for (JsonNode n : k.get("nonces")) {
            assertThat(HEX.formatHex(SessionCipher.nonce(iv, n.get("seq").asLong()))).isEqualTo(n.get("nonce").asText());
        }
        for (JsonNode n : k.get("recordHeaders")) {
            assertThat(HEX.formatHex(ChatCodec.recordHeader(n.get("seq").asLong()))).isEqualTo(n.get("aad").asText());
        }
    }

    @Test
    @DisplayName("[CH-FAKE-1] [CH-KEX-2] fake envelopes and the implicit-rejection secret match")
    void fakeEnvelopes() {
        JsonNode f = v.get("fakeEnvelope");
        byte[] fakeKey = FakeEnvelope.derive(hex(f, "serverPkcs8"));
        assertThat(HEX.formatHex(fakeKey)).isEqualTo(f.get("fakeKey").asText());
        FakeEnvelope fakes = FakeEnvelope.ofKey(fakeKey);
        assertThat(HEX.formatHex(fakes.rejectSecret(hex(f, "wrappedSecret")))).isEqualTo(f.get("rejectSecret").asText());
        for (JsonNode t : f.get("fakes")) {
            Bodies.EnvelopeBody b = fakes.body(t.get("username").asText(), 65536, 3, 1);
            assertThat(HEX.formatHex(b.salt())).isEqualTo(t.get("salt").asText());
            assertThat(HEX.formatHex(b.envelope())).isEqualTo(t.get("envelope").asText());
            assertThat(b.envelope().length).isEqualTo(12 + t.get("pkcs8Length").asInt() + 16);
        }
    }

    @Test
    @DisplayName("[CH-ENV-2] [CH-REQ-1] envelope body, session bodies and endpoint encode as published")
    void encodings() throws ChatException {
        JsonNode e = v.get("encodings");
        JsonNode eb = e.get("envelopeBody");
        byte[] encoded = ChatCodec.encodeEnvelopeBody(new Bodies.EnvelopeBody(eb.get("memoryKib").asInt(),
                eb.get("iterations").asInt(), eb.get("parallelism").asInt(), hex(eb, "salt"), hex(eb, "envelope")));
        assertThat(HEX.formatHex(encoded)).isEqualTo(eb.get("encoded").asText());
        for (JsonNode b : e.get("sessionBodies")) {
            byte[] wire = hex(b, "body");
            assertThat(ChatCodec.encodeSessionBody(ChatCodec.decodeSessionBody(wire))).as(b.get("name").asText())
                    .isEqualTo(wire);
        }
        JsonNode ep = e.get("endpoint");
        Endpoint x = new Endpoint(HEX.parseHex(ep.get("address").asText()), ep.get("udpPort").asInt(),
                ep.get("transportPort").asInt());
        assertThat(HEX.formatHex(x.encode())).isEqualTo(ep.get("encoded").asText());
    }
}
