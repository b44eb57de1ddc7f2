package dev.parley.chat;

import dev.parley.chat.account.Account;
import dev.parley.chat.account.Argon2Params;
import dev.parley.chat.account.Envelope;
import dev.parley.transport.SpecFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The implementation against spec/vectors/chat.json, written by the independent Python generator; the group types
 * and their input and expected members are those of spec/chat.md section 13.1.
 */
class ChatVectorsTest {
    private static JsonNode v;
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void load() throws Exception {
        v = new ObjectMapper().readTree(SpecFiles.spec("vectors/chat.json").toFile());
    }

    /** The one group of this type; the generator writes one group per type. */
    private static JsonNode group(String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode g : v.get("testGroups")) {
            if (g.get("type").asText().equals(type)) {
                found.add(g);
            }
        }
        assertThat(found).as("groups of type " + type).hasSize(1);
        assertThat(found.get(0).get("tests")).as(type + " tests").isNotEmpty();
        return found.get(0);
    }

    private static byte[] hex(JsonNode n, String field) {
        return HEX.parseHex(n.get(field).asText());
    }

    private static byte[] input(JsonNode t) {
        return hex(t, "input");
    }

    private static String what(JsonNode t) {
        return "tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
    }

    private static boolean valid(JsonNode t) {
        return t.get("result").asText().equals("valid");
    }

    @Test
    @DisplayName("the file is well formed: numberOfTests, unique tcIds, every flag defined in notes")
    void fileFormat() {
        Set<Integer> ids = new HashSet<>();
        int n = 0;
        for (JsonNode g : v.get("testGroups")) {
            for (JsonNode t : g.get("tests")) {
                n++;
                assertThat(ids.add(t.get("tcId").asInt())).as(what(t) + " tcId unique").isTrue();
                if (t.has("flags")) {
                    for (JsonNode f : t.get("flags")) {
                        assertThat(v.get("notes").has(f.asText())).as(what(t) + " flag " + f.asText()).isTrue();
                    }
                }
            }
        }
        assertThat(v.get("numberOfTests").asInt()).isEqualTo(n);
    }

    @Test
    @DisplayName("[CH-POW-1] leading zero bits are counted from the most significant bit")
    void leadingZeroBits() {
        for (JsonNode t : group("LeadingZeroBits").get("tests")) {
            assertThat(Suite1.leadingZeroBits(input(t))).as(what(t))
                    .isEqualTo(t.get("expected").get("leadingZeroBits").asInt());
        }
    }

    @Test
    @DisplayName("[CH-COOKIE-2] the cookie MAC and encoding match, and bind the client endpoint")
    void cookie() throws ChatException {
        JsonNode c = group("CookieMac");
        Set<String> macs = new HashSet<>();
        for (JsonNode t : c.get("tests")) {
            Endpoint ep = ChatCodec.decodeEndpoint(input(t));
            byte[] mac = Cookie.mac(hex(c, "secret"), c.get("keyId").asInt(), c.get("timestampMs").asLong(),
                    c.get("difficulty").asInt(), hex(c, "serverNonce"), hex(c, "clientNonce"), ep);
            assertThat(HEX.formatHex(mac)).as(what(t)).isEqualTo(t.get("expected").get("mac").asText());
            ChatMessage.Cookie ck = new ChatMessage.Cookie(c.get("keyId").asInt(), c.get("timestampMs").asLong(),
                    c.get("difficulty").asInt(), hex(c, "serverNonce"), mac);
            assertThat(HEX.formatHex(ChatCodec.encodeCookie(ck))).as(what(t))
                    .isEqualTo(t.get("expected").get("cookie").asText());
            macs.add(HEX.formatHex(mac));
        }
        // the endpoint enters the MAC: every endpoint of the group gets its own MAC
        assertThat(c.get("tests")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(macs).hasSize(c.get("tests").size());
    }

    @Test
    @DisplayName("[CH-POW-1] [CH-POW-2] the published solution verifies and the published wrong one does not")
    void proofOfWork() throws ChatException {
        JsonNode p = group("ProofOfWork");
        int d = p.get("difficulty").asInt();
        Set<String> puzzleHashes = new HashSet<>();
        for (JsonNode t : group("LeadingZeroBits").get("tests")) {
            puzzleHashes.add(t.get("input").asText());
        }
        int valid = 0;
        int invalid = 0;
        for (JsonNode t : p.get("tests")) {
            byte[] req = input(t);
            String hash = HEX.formatHex(ProofOfWork.hash(req));
            // every puzzle hash is also a LeadingZeroBits case, whose count is checked above
            assertThat(puzzleHashes).as(what(t)).contains(hash);
            // the codec reads and rewrites the request octet for octet
            assertThat(ChatCodec.encode(ChatCodec.decode(req))).as(what(t)).isEqualTo(req);
            if (valid(t)) {
                valid++;
                assertThat(hash).as(what(t)).isEqualTo(t.get("expected").get("powHash").asText());
                assertThat(ProofOfWork.check(req, d)).as(what(t)).isTrue();
                ChatMessage.LoginRequest r = (ChatMessage.LoginRequest) ChatCodec.decode(req);
                assertThat(HEX.formatHex(req, req.length - 8, req.length)).as(what(t))
                        .isEqualTo(t.get("expected").get("powSolution").asText());
                assertThat(r.cookie().difficulty()).isEqualTo(d);
                // our solver finds the same first solution counting from zero
                byte[] mine = req.clone();
                ProofOfWork.solve(mine, d, 0);
                assertThat(mine).as(what(t)).isEqualTo(req);
            } else {
                invalid++;
                assertThat(t.get("error").asText()).isEqualTo("CH_BAD_POW");
                assertThat(ProofOfWork.check(req, d)).as(what(t)).isFalse();
            }
        }
        assertThat(valid).isPositive();
        assertThat(invalid).isPositive();
    }

    @Test
    @DisplayName("[CH-TH-1] [CH-POP-1] th1, th2 and the proof input match; the canonical hello and the challenge encode alike")
    void transcript() throws ChatException {
        JsonNode g = group("TranscriptHash");
        for (JsonNode t : g.get("tests")) {
            JsonNode e = t.get("expected");
            ChatMessage.LoginRequest r = (ChatMessage.LoginRequest) ChatCodec.decode(input(t));
            byte[] hello = ChatCodec.encode(new ChatMessage.ClientHello(1, 1, r.clientNonce(), ChatCodec.HELLO_LENGTH - 35));
            assertThat(HEX.formatHex(hello)).as(what(t)).isEqualTo(e.get("clientHello").asText());
            byte[] challenge = ChatCodec.encode(new ChatMessage.Challenge(1, 1, hex(g, "serverSpki"), r.cookie()));
            assertThat(HEX.formatHex(challenge)).as(what(t)).isEqualTo(e.get("challenge").asText());
            Transcript tr = new Transcript().add(hello).add(challenge).add(input(t));
            assertThat(HEX.formatHex(tr.hash())).as(what(t)).isEqualTo(e.get("th1").asText());
            tr.add(hex(g, "envelopeResponse")).add(hex(g, "serverSpki"));
            assertThat(HEX.formatHex(tr.hash())).as(what(t)).isEqualTo(e.get("th2").asText());
            assertThat(HEX.formatHex(Transcript.proofInput(tr.hash()))).as(what(t)).isEqualTo(e.get("proofInput").asText());
        }
    }

    @Test
    @DisplayName("[CH-KS-1] [CH-REKEY-1] the HKDF schedule and the next secret match")
    void keySchedule() {
        JsonNode g = group("KeySchedule");
        byte[] th1 = hex(g, "th1");
        for (JsonNode t : g.get("tests")) {
            JsonNode k = t.get("expected");
            KeySchedule ks = new KeySchedule(input(t), th1);
            assertThat(HEX.formatHex(Suite1.hkdfExtract(th1, input(t)))).as(what(t)).isEqualTo(k.get("prk").asText());
            for (String dir : new String[] {"c2s", "s2c", "c2sAfterUpdate"}) {
                JsonNode d = k.get(dir);
                byte[] ts = hex(d, "trafficSecret");
                assertThat(HEX.formatHex(KeySchedule.key(ts))).as(dir).isEqualTo(d.get("key").asText());
                assertThat(HEX.formatHex(KeySchedule.iv(ts))).as(dir).isEqualTo(d.get("iv").asText());
                assertThat(HEX.formatHex(KeySchedule.next(ts))).as(dir).isEqualTo(d.get("next").asText());
            }
            assertThat(HEX.formatHex(ks.secretC2s())).isEqualTo(k.get("c2s").get("trafficSecret").asText());
            assertThat(HEX.formatHex(ks.secretS2c())).isEqualTo(k.get("s2c").get("trafficSecret").asText());
            assertThat(k.get("c2sAfterUpdate").get("trafficSecret").asText()).isEqualTo(k.get("c2s").get("next").asText());
        }
    }

    @Test
    @DisplayName("[CH-KS-1] [CH-SEQ-1] [CH-SEQ-2] nonces and record headers match")
    void noncesAndRecordHeaders() {
        JsonNode n = group("RecordNonce");
        // the nonces are those of the key schedule's c2s direction
        assertThat(n.get("direction").asText()).isEqualTo("c2s");
        assertThat(n.get("iv").asText())
                .isEqualTo(group("KeySchedule").get("tests").get(0).get("expected").get("c2s").get("iv").asText());
        byte[] iv = hex(n, "iv");
        for (JsonNode t : n.get("tests")) {
            long seq = ByteBuffer.wrap(input(t)).getLong();
            assertThat(HEX.formatHex(SessionCipher.nonce(iv, seq))).as(what(t))
                    .isEqualTo(t.get("expected").get("nonce").asText());
        }
        for (JsonNode t : group("RecordHeader").get("tests")) {
            long seq = ByteBuffer.wrap(input(t)).getLong();
            assertThat(HEX.formatHex(ChatCodec.recordHeader(seq))).as(what(t))
                    .isEqualTo(t.get("expected").get("aad").asText());
        }
    }

    @Test
    @DisplayName("[CH-FAKE-1] [CH-KEX-2] fake envelopes and the implicit-rejection secret match")
    void fakeEnvelopes() {
        JsonNode k = group("FakeKey").get("tests").get(0);
        byte[] fakeKey = FakeEnvelope.derive(input(k));
        assertThat(HEX.formatHex(fakeKey)).as(what(k)).isEqualTo(k.get("expected").get("fakeKey").asText());
        JsonNode f = group("FakeEnvelope");
        assertThat(f.get("fakeKey").asText()).isEqualTo(HEX.formatHex(fakeKey));
        FakeEnvelope fakes = FakeEnvelope.ofKey(fakeKey);
        for (JsonNode t : f.get("tests")) {
            JsonNode e = t.get("expected");
            Bodies.EnvelopeBody b = fakes.body(new String(input(t), StandardCharsets.US_ASCII),
                    f.get("memoryKib").asInt(), f.get("iterations").asInt(), f.get("parallelism").asInt());
            assertThat(HEX.formatHex(b.salt())).as(what(t)).isEqualTo(e.get("salt").asText());
            assertThat(HEX.formatHex(b.envelope())).as(what(t)).isEqualTo(e.get("envelope").asText());
            assertThat(b.envelope().length).as(what(t)).isEqualTo(12 + e.get("pkcs8Length").asInt() + 16);
        }
        JsonNode r = group("RejectSecret");
        assertThat(r.get("fakeKey").asText()).isEqualTo(HEX.formatHex(fakeKey));
        for (JsonNode t : r.get("tests")) {
            assertThat(HEX.formatHex(FakeEnvelope.ofKey(hex(r, "fakeKey")).rejectSecret(input(t)))).as(what(t))
                    .isEqualTo(t.get("expected").get("rejectSecret").asText());
        }
    }

    @Test
    @DisplayName("[CH-ENV-2] [CH-REQ-1] envelope body, session bodies and endpoint encode as published")
    void encodings() throws ChatException {
        for (JsonNode t : group("EnvelopeBody").get("tests")) {
            JsonNode e = t.get("expected");
            byte[] encoded = ChatCodec.encodeEnvelopeBody(new Bodies.EnvelopeBody(e.get("memoryKib").asInt(),
                    e.get("iterations").asInt(), e.get("parallelism").asInt(), hex(e, "salt"), hex(e, "envelope")));
            assertThat(HEX.formatHex(encoded)).as(what(t)).isEqualTo(t.get("input").asText());
            assertThat(e.get("lenEnvelope").asInt()).isEqualTo(hex(e, "envelope").length);
        }
        for (JsonNode t : group("SessionBody").get("tests")) {
            byte[] wire = input(t);
            Bodies.SessionBody body = ChatCodec.decodeSessionBody(wire);
            assertThat(body).as(what(t)).isNotInstanceOf(Bodies.Unknown.class);
            assertThat(body.bodyType()).as(what(t)).isEqualTo(t.get("expected").get("bodyType").asInt());
            assertThat(body.requestId()).as(what(t)).isEqualTo(t.get("expected").get("requestId").asLong());
            assertThat(ChatCodec.encodeSessionBody(body)).as(what(t)).isEqualTo(wire);
        }
        for (JsonNode t : group("Endpoint").get("tests")) {
            JsonNode e = t.get("expected");
            Endpoint x = new Endpoint(hex(e, "address"), e.get("udpPort").asInt(), e.get("transportPort").asInt());
            assertThat(x.family()).as(what(t)).isEqualTo(e.get("family").asInt());
            assertThat(HEX.formatHex(x.encode())).as(what(t)).isEqualTo(t.get("input").asText());
            assertThat(ChatCodec.decodeEndpoint(input(t))).as(what(t)).isEqualTo(x);
        }
    }

    private static Argon2Params kdf(JsonNode g) {
        return new Argon2Params(g.get("memoryKib").asInt(), g.get("iterations").asInt(), g.get("parallelism").asInt());
    }

    private static KeyPair keyPair(JsonNode g, String pkcs8, String spki) throws Exception {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(hex(g, spki))),
                rsa.generatePrivate(new PKCS8EncodedKeySpec(hex(g, pkcs8))));
    }

    private static char[] utf8Chars(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toCharArray();
    }

    @Test
    @DisplayName("[CH-ENV-1] Argon2id of the password with the stored parameters matches")
    void argon2id() {
        JsonNode g = group("Argon2id");
        for (JsonNode t : g.get("tests")) {
            byte[] key = Envelope.kdfKey(utf8Chars(input(t)), hex(g, "salt"), kdf(g));
            assertThat(HEX.formatHex(key)).as(what(t)).isEqualTo(t.get("expected").get("kdfKey").asText());
        }
    }

    @Test
    @DisplayName("[CH-ENV-1] [CH-ENV-4] the password envelope seals to the published octets and opens again")
    void passwordEnvelope() throws Exception {
        JsonNode g = group("PasswordEnvelope");
        KeyPair alice = keyPair(g, "userPkcs8", "userSpki");
        String username = g.get("username").asText();
        for (JsonNode t : g.get("tests")) {
            JsonNode e = t.get("expected");
            char[] password = utf8Chars(input(t));
            Account a = Envelope.seal(username, password, alice, kdf(g), new DeterministicRandom(g.get("seed").asText()));
            assertThat(HEX.formatHex(a.salt())).as(what(t)).isEqualTo(e.get("salt").asText());
            assertThat(HEX.formatHex(Envelope.aad(username))).as(what(t)).isEqualTo(e.get("aad").asText());
            assertThat(HEX.formatHex(Envelope.kdfKey(password, a.salt(), kdf(g)))).as(what(t))
                    .isEqualTo(e.get("kdfKey").asText());
            assertThat(HEX.formatHex(a.envelope())).as(what(t)).isEqualTo(e.get("envelope").asText());
            assertThat(HEX.formatHex(a.envelope(), 0, 12)).as(what(t)).isEqualTo(e.get("nonce").asText());
            // the published envelope opens with the password to the user's PKCS#8, and not with another password
            Bodies.EnvelopeBody body = new Bodies.EnvelopeBody(g.get("memoryKib").asInt(), g.get("iterations").asInt(),
                    g.get("parallelism").asInt(), hex(e, "salt"), hex(e, "envelope"));
            PrivateKey opened = AccountUsers.OPENER.open(username, body, password);
            assertThat(opened).as(what(t)).isNotNull();
            assertThat(opened.getEncoded()).as(what(t)).isEqualTo(hex(g, "userPkcs8"));
            assertThat(AccountUsers.OPENER.open(username, body, "wrong".toCharArray())).as(what(t)).isNull();
        }
    }

    @Test
    @DisplayName("[CH-SEQ-1] [CH-SEQ-2] [CH-REKEY-1] sealed session records match in both directions, across a key_update")
    void sessionRecords() throws ChatException {
        JsonNode g = group("SessionRecord");
        JsonNode k = group("KeySchedule").get("tests").get(0).get("expected");
        assertThat(g.get("c2s").asText()).isEqualTo(k.get("c2s").get("trafficSecret").asText());
        assertThat(g.get("s2c").asText()).isEqualTo(k.get("s2c").get("trafficSecret").asText());
        SessionCipher sealC2s = new SessionCipher(hex(g, "c2s"));
        SessionCipher sealS2c = new SessionCipher(hex(g, "s2c"));
        SessionCipher openC2s = new SessionCipher(hex(g, "c2s"));
        SessionCipher openS2c = new SessionCipher(hex(g, "s2c"));
        int updates = 0;
        for (JsonNode t : g.get("tests")) {
            JsonNode e = t.get("expected");
            boolean c2s = e.get("direction").asText().equals("c2s");
            SessionCipher seal = c2s ? sealC2s : sealS2c;
            SessionCipher open = c2s ? openC2s : openS2c;
            long seq = seal.nextSeq();
            assertThat(seq).as(what(t)).isEqualTo(e.get("seq").asLong());
            Bodies.SessionBody body = ChatCodec.decodeSessionBody(input(t));
            byte[] record = ChatCodec.encode(new ChatMessage.SessionRecord(seq,
                    seal.seal(ChatCodec.recordHeader(seq), ChatCodec.encodeSessionBody(body))));
            assertThat(HEX.formatHex(record)).as(what(t)).isEqualTo(e.get("record").asText());
            // the receiving side opens the published record to the body
            ChatMessage.SessionRecord r = (ChatMessage.SessionRecord) ChatCodec.decode(hex(e, "record"));
            assertThat(r.seq()).as(what(t)).isEqualTo(open.nextSeq());
            assertThat(open.open(ChatCodec.recordHeader(r.seq()), r.sealed())).as(what(t)).isEqualTo(input(t));
            if (body.bodyType() == Bodies.KEY_UPDATE) {
                seal.update();
                open.update();
                updates++;
            }
        }
        assertThat(updates).isPositive();
    }

    /** Records what one engine sends. */
    private static final class Outbox implements ChatSink {
        final java.util.ArrayDeque<byte[]> sent = new java.util.ArrayDeque<>();
        boolean closed;

        @Override
        public void send(byte[] m) {
            sent.add(m);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    @DisplayName("[CH-HELLO-1] [CH-KEX-1] [CH-POW-2] [CH-POP-1] [CH-PRES-1] [CH-REQ-2] both engines replay the published login octet for octet")
    void loginTranscript() throws Exception {
        JsonNode g = group("LoginTranscript");
        long now = g.get("nowMs").asLong();
        int d = g.get("difficulty").asInt();
        KeyPair server = keyPair(g, "serverPkcs8", "serverSpki");
        String username = g.get("username").asText();
        JsonNode su = g.get("storedUser");
        StoredUser alice = new StoredUser(username, hex(g, "userSpki"), su.get("memoryKib").asInt(),
                su.get("iterations").asInt(), su.get("parallelism").asInt(), hex(su, "salt"), hex(su, "envelope"));
        // the stored user is the PasswordEnvelope group's account
        assertThat(su.get("envelope").asText())
                .isEqualTo(group("PasswordEnvelope").get("tests").get(0).get("expected").get("envelope").asText());
        ChatServerConfig config = ChatServerConfig.defaults().withDifficulty(d, d);
        assertThat(config.heartbeatIntervalMs()).isEqualTo(g.get("heartbeatIntervalMs").asLong());
        assertThat(config.sessionTimeoutMs()).isEqualTo(g.get("sessionTimeoutMs").asLong());
        ChatServerContext ctx = new ChatServerContext(config, server.getPrivate(), server.getPublic().getEncoded(),
                name -> name.equals(username) ? java.util.Optional.of(alice) : java.util.Optional.empty(),
                new DeterministicRandom(g.get("serverSeed").asText()), now);
        Outbox toClient = new Outbox();
        Outbox toServer = new Outbox();
        LoginServer s = new LoginServer(ctx, ChatCodec.decodeEndpoint(hex(g, "clientEndpoint")), toClient);
        List<Bodies.SessionBody> responses = new ArrayList<>();
        Bodies.WelcomeBody[] welcome = new Bodies.WelcomeBody[1];
        LoginClient c = new LoginClient(new LoginClient.Config(username, g.get("password").asText().toCharArray(),
                hex(g, "serverSpki"), null, 28, g.get("peerPort").asInt(), 30_000),
                new DeterministicRandom(g.get("clientSeed").asText()), AccountUsers.OPENER, toServer,
                new LoginClient.Listener() {
                    public void onEstablished(Bodies.WelcomeBody w) {
                        welcome[0] = w;
                    }

                    public void onResponse(Bodies.SessionBody b) {
                        responses.add(b);
                    }

                    public void onEnded(ChatError e) {
                        throw new AssertionError("the login ended: " + e);
                    }
                });
        c.begin(now);
        int n = 0;
        for (JsonNode t : g.get("tests")) {
            n++;
            byte[] published = input(t);
            boolean fromClient = t.get("expected").get("from").asText().equals("client");
            if (fromClient && toServer.sent.isEmpty() && c.state() == LoginClientTable.State.ESTABLISHED) {
                c.request(Bodies.LIST_REQUEST, null, now); // the one request after the login
            }
            Outbox out = fromClient ? toServer : toClient;
            assertThat(out.sent).as(what(t) + ": sent by the engine").hasSize(1);
            assertThat(HEX.formatHex(out.sent.poll())).as(what(t)).isEqualTo(t.get("input").asText());
            // each engine receives the published octets, so each is checked against the vector, not its peer
            if (fromClient) {
                s.onMessage(published, now);
            } else {
                c.onMessage(published, now);
            }
        }
        assertThat(n).isEqualTo(8);
        assertThat(toClient.sent).isEmpty();
        assertThat(toServer.sent).isEmpty();
        assertThat(toClient.closed || toServer.closed).isFalse();
        assertThat(s.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);
        assertThat(welcome[0].observed()).isEqualTo(new Endpoint(new byte[] {127, 0, 0, 1}, 40001, g.get("peerPort").asInt()));
        assertThat(responses).hasSize(1);
        assertThat(((Bodies.ListResponse) responses.get(0)).users()).containsExactly(username);
        assertThat(ctx.stats().logins()).isEqualTo(1);
        assertThat(ctx.stats().get(ChatError.BAD_KEY_EXCHANGE)).isZero();
    }
}
