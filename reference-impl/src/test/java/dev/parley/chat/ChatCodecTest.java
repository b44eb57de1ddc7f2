package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.chat.Bodies.EnvelopeBody;
import dev.parley.chat.Bodies.ErrorResponse;
import dev.parley.chat.Bodies.ListResponse;
import dev.parley.chat.Bodies.LookupRequest;
import dev.parley.chat.Bodies.LookupResponse;
import dev.parley.chat.Bodies.ProofBody;
import dev.parley.chat.Bodies.SessionBody;
import dev.parley.chat.Bodies.Simple;
import dev.parley.chat.Bodies.Unknown;
import dev.parley.chat.Bodies.WelcomeBody;
import dev.parley.chat.ChatMessage.Challenge;
import dev.parley.chat.ChatMessage.ClientHello;
import dev.parley.chat.ChatMessage.Cookie;
import dev.parley.chat.ChatMessage.LoginRequest;
import dev.parley.chat.ChatMessage.Sealed;
import dev.parley.chat.ChatMessage.SessionRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatCodecTest {
    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Cookie cookie() {
        return new Cookie(7, 1_700_000_000_123L, 20, bytes(32, 1), bytes(32, 2));
    }

    static Stream<ChatMessage> messages() {
        return Stream.of(
                new ClientHello(1, 1, bytes(32, 3), 477),
                new Challenge(1, 1, bytes(422, 4), cookie()),
                new LoginRequest(1, 1, bytes(32, 5), cookie(), "Alice", bytes(384, 6), bytes(8, 7)),
                new Sealed(ChatMessage.ENVELOPE_RESPONSE, 1, 1, bytes(2064, 8)),
                new Sealed(ChatMessage.PROOF, 1, 1, bytes(404, 9)),
                new Sealed(ChatMessage.WELCOME, 1, 1, bytes(40, 10)),
                new ChatMessage.Error(1, 1, ChatError.BAD_POW.value()),
                new SessionRecord(42, bytes(21, 11)));
    }

    @ParameterizedTest
    @MethodSource("messages")
    @DisplayName("[CH-MSG-3] every message survives encode then decode octet for octet")
    void roundTripsEveryMessage(ChatMessage m) throws ChatException {
        byte[] wire = ChatCodec.encode(m);
        assertThat(ChatCodec.encode(ChatCodec.decode(wire))).isEqualTo(wire);
        assertThat(wire[0] & 0xFF).isEqualTo(m.msgType());
    }

    @Test
    @DisplayName("[CH-HELLO-2] a ClientHello is 512 octets and the Challenge answering it is shorter")
    void helloIsLongerThanChallenge() {
        assertThat(ChatCodec.encode(new ClientHello(1, 1, bytes(32, 3), 477))).hasSize(512);
        assertThat(ChatCodec.encode(new Challenge(1, 1, bytes(422, 4), cookie()))).hasSize(501);
        assertThat(ChatCodec.encodeCookie(cookie())).hasSize(ChatCodec.COOKIE_LENGTH);
    }

    @ParameterizedTest
    @MethodSource("messages")
    @DisplayName("[CH-MSG-3] every truncation of a message is CH_MALFORMED, never an exception")
    void truncatedMessagesAreMalformed(ChatMessage m) {
        byte[] wire = ChatCodec.encode(m);
        boolean variable = m instanceof Sealed || m instanceof SessionRecord;
        for (int n = 0; n < wire.length; n++) {
            byte[] cut = Arrays.copyOf(wire, n);
            if (variable && n >= (m instanceof SessionRecord ? 25 : 19)) {
                continue; // sealed tails have no length of their own; the AEAD tag check rejects them
            }
            int len = n;
            assertThatThrownBy(() -> ChatCodec.decode(cut)).as("length %d", len)
                    .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.error()).isEqualTo(ChatError.MALFORMED));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x02, 0x03, 0x7F})
    @DisplayName("[CH-MSG-3] a trailing octet after a fixed-length message is CH_MALFORMED")
    void trailingOctetIsMalformed(int type) {
        ChatMessage m = messages().filter(x -> x.msgType() == type).findFirst().orElseThrow();
        byte[] wire = ChatCodec.encode(m);
        byte[] longer = Arrays.copyOf(wire, type == 0x01 ? 1025 : wire.length + 1);
        assertThatThrownBy(() -> ChatCodec.decode(longer))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.error()).isEqualTo(ChatError.MALFORMED));
    }

    @Test
    @DisplayName("[CH-MSG-3] an unknown msg_type is CH_UNKNOWN_TYPE")
    void unknownTypeIsReported() {
        for (int t : new int[] {0x00, 0x07, 0x0F, 0x11, 0x7E, 0x80, 0xFF}) {
            byte[] wire = ChatCodec.encode(new ChatMessage.Error(1, 1, 1));
            wire[0] = (byte) t;
            assertThatThrownBy(() -> ChatCodec.decode(wire))
                    .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.error()).isEqualTo(ChatError.UNKNOWN_TYPE));
        }
    }

    @Test
    @DisplayName("[CH-MSG-3] [CH-VER-1] an unknown version is CH_BAD_VERSION and an unknown suite CH_BAD_SUITE, version first")
    void unknownVersionAndSuite() {
        byte[] v = ChatCodec.encode(new ClientHello(2, 1, bytes(32, 3), 477));
        byte[] s = ChatCodec.encode(new ClientHello(1, 9, bytes(32, 3), 477));
        byte[] both = ChatCodec.encode(new ClientHello(0, 0, bytes(32, 3), 477));
        assertThatThrownBy(() -> ChatCodec.decode(v)).extracting(e -> ((ChatException) e).error()).isEqualTo(ChatError.BAD_VERSION);
        assertThatThrownBy(() -> ChatCodec.decode(s)).extracting(e -> ((ChatException) e).error()).isEqualTo(ChatError.BAD_SUITE);
        assertThatThrownBy(() -> ChatCodec.decode(both)).extracting(e -> ((ChatException) e).error()).isEqualTo(ChatError.BAD_VERSION);
    }

    @Test
    @DisplayName("[CH-HELLO-3] a ClientHello shorter than 512 octets is CH_MALFORMED")
    void shortHelloIsMalformed() {
        byte[] wire = ChatCodec.encode(new ClientHello(1, 1, bytes(32, 3), 476));
        assertThatThrownBy(() -> ChatCodec.decode(wire)).extracting(e -> ((ChatException) e).error()).isEqualTo(ChatError.MALFORMED);
    }

    @Test
    @DisplayName("[CH-ENV-2] [CH-ENV-3] the envelope body is 2048 octets and out-of-bounds Argon2id parameters are refused")
    void envelopeBody() throws ChatException {
        EnvelopeBody b = new EnvelopeBody(65536, 3, 1, bytes(16, 1), bytes(1821, 2));
        byte[] wire = ChatCodec.encodeEnvelopeBody(b);
        assertThat(wire).hasSize(2048);
        EnvelopeBody d = ChatCodec.decodeEnvelopeBody(wire);
        assertThat(d.envelope()).isEqualTo(b.envelope());
        assertThat(d.memoryKib()).isEqualTo(65536);
        for (EnvelopeBody bad : List.of(new EnvelopeBody(1_048_577, 3, 1, bytes(16, 1), bytes(100, 2)),
                new EnvelopeBody(65536, 17, 1, bytes(16, 1), bytes(100, 2)),
                new EnvelopeBody(65536, 3, 0, bytes(16, 1), bytes(100, 2)))) {
            byte[] w = ChatCodec.encodeEnvelopeBody(bad);
            assertThatThrownBy(() -> ChatCodec.decodeEnvelopeBody(w)).extracting(e -> ((ChatException) e).error())
                    .isEqualTo(ChatError.MALFORMED);
        }
    }

    @Test
    @DisplayName("[CH-POP-1] [CH-PRES-1] proof and welcome bodies round trip; a trailing octet is CH_MALFORMED")
    void proofAndWelcome() throws ChatException {
        byte[] p = ChatCodec.encodeProofBody(new ProofBody(4242, bytes(384, 3)));
        assertThat(ChatCodec.decodeProofBody(p).signature()).isEqualTo(bytes(384, 3));
        Endpoint e = new Endpoint(new byte[] {127, 0, 0, 1}, 5000, 4242);
        byte[] w = ChatCodec.encodeWelcomeBody(new WelcomeBody(10_000, 30_000, e, 99));
        assertThat(ChatCodec.decodeWelcomeBody(w).observed()).isEqualTo(e);
        byte[] longer = Arrays.copyOf(p, p.length + 1);
        assertThatThrownBy(() -> ChatCodec.decodeProofBody(longer)).extracting(x -> ((ChatException) x).error())
                .isEqualTo(ChatError.MALFORMED);
        byte[] v6 = ChatCodec.encodeEndpoint(new Endpoint(new byte[16], 1, 2));
        assertThat(v6).hasSize(21);
        v6[0] = 5;
        assertThatThrownBy(() -> ChatCodec.decodeEndpoint(v6)).isInstanceOf(ChatException.class);
    }

    static Stream<SessionBody> bodies() {
        Endpoint e = new Endpoint(new byte[] {127, 0, 0, 1}, 5000, 4242);
        return Stream.of(new Simple(Bodies.LIST_REQUEST, 1), new ListResponse(1, List.of("Alice", "Bob")),
                new ListResponse(2, List.of()), new LookupRequest(3, "Bob"),
                new LookupResponse(3, "Bob", bytes(422, 1), e), new LookupResponse(4, "Zed", null, null),
                new Simple(Bodies.HEARTBEAT, 5), new Simple(Bodies.HEARTBEAT_ACK, 5), new Simple(Bodies.LOGOUT, 6),
                new Simple(Bodies.LOGOUT_ACK, 6), new Simple(Bodies.KEY_UPDATE, 0),
                new ErrorResponse(7, ChatError.UNKNOWN_REQUEST.value()), new Unknown(200, 8, bytes(5, 9)));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    @DisplayName("[CH-REQ-1] [CH-REQ-4] every session body round trips, unknown body types included")
    void sessionBodiesRoundTrip(SessionBody b) throws ChatException {
        byte[] wire = ChatCodec.encodeSessionBody(b);
        SessionBody d = ChatCodec.decodeSessionBody(wire);
        assertThat(d.bodyType()).isEqualTo(b.bodyType());
        assertThat(d.requestId()).isEqualTo(b.requestId());
        assertThat(ChatCodec.encodeSessionBody(d)).isEqualTo(wire);
    }

    @ParameterizedTest
    @MethodSource("bodies")
    @DisplayName("[CH-REQ-4] truncated session bodies with fields are CH_MALFORMED")
    void truncatedBodiesAreMalformed(SessionBody b) {
        byte[] wire = ChatCodec.encodeSessionBody(b);
        for (int n = 0; n < Math.min(wire.length, 5); n++) {
            byte[] cut = Arrays.copyOf(wire, n);
            assertThatThrownBy(() -> ChatCodec.decodeSessionBody(cut)).isInstanceOf(ChatException.class);
        }
        if (!(b instanceof Unknown) && wire.length > 5) {
            byte[] cut = Arrays.copyOf(wire, wire.length - 1);
            assertThatThrownBy(() -> ChatCodec.decodeSessionBody(cut)).isInstanceOf(ChatException.class);
        }
    }

    @Test
    @DisplayName("[CH-USER-1] usernames are 1..32 octets of letters, digits, '_', '-', '.'")
    void usernameSyntax() {
        assertThat(ChatCodec.validUsername("Alice")).isTrue();
        assertThat(ChatCodec.validUsername("a.b-c_9")).isTrue();
        assertThat(ChatCodec.validUsername("x".repeat(32))).isTrue();
        assertThat(ChatCodec.validUsername("")).isFalse();
        assertThat(ChatCodec.validUsername("x".repeat(33))).isFalse();
        assertThat(ChatCodec.validUsername("a b")).isFalse();
        assertThat(ChatCodec.validUsername("é")).isFalse();
    }

    @Test
    @DisplayName("[CH-ERR-2] an unassigned error value maps to CH_UNKNOWN_ERROR")
    void unknownErrorValue() {
        assertThat(ChatError.ofValue(8)).isEqualTo(ChatError.BAD_POW);
        assertThat(ChatError.ofValue(999)).isEqualTo(ChatError.UNKNOWN_ERROR);
        assertThat(ChatError.ofValue(0)).isEqualTo(ChatError.UNKNOWN_ERROR);
    }
}
