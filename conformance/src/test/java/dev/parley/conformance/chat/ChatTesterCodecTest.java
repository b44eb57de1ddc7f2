package dev.parley.conformance.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conformance.chat.ChatTesterCodec.CookieFields;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The tester's chat codec writes the layouts of spec/chat.md octet for octet and reads them back. */
class ChatTesterCodecTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    @DisplayName("[CH-HELLO-2] a ClientHello is 512 octets: 01 01 01, the nonce, zero padding")
    void clientHello() {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        byte[] m = new LoginTester("Alice", "Alice", random).hello();
        assertThat(m).hasSize(512);
        assertThat(Arrays.copyOf(m, 3)).containsExactly(1, 1, 1);
        assertThat(Arrays.copyOfRange(m, 35, 512)).containsOnly(0);
        byte[] v2 = ChatTesterCodec.clientHello(2, 7, nonce, 477);
        assertThat(Arrays.copyOf(v2, 3)).containsExactly(1, 2, 7);
        assertThat(Arrays.copyOfRange(v2, 3, 35)).isEqualTo(nonce);
    }

    @Test
    @DisplayName("[CH-MSG-2] a Challenge written by hand from the spec's layout reads back field by field")
    void challenge() {
        byte[] spki = new byte[422];
        random.nextBytes(spki);
        byte[] serverNonce = new byte[32];
        byte[] mac = new byte[32];
        random.nextBytes(serverNonce);
        random.nextBytes(mac);
        ByteBuffer b = ByteBuffer.allocate(3 + 2 + 422 + 74);
        b.put((byte) 2).put((byte) 1).put((byte) 1).putShort((short) 422).put(spki)
                .put((byte) 9).putLong(1_700_000_000_123L).put((byte) 20).put(serverNonce).put(mac);
        assertThat(b.array()).hasSize(501);
        ChatTesterCodec.ChallengeFields c = ChatTesterCodec.readChallenge(b.array());
        assertThat(c.serverKey()).isEqualTo(spki);
        assertThat(c.cookie().keyId()).isEqualTo(9);
        assertThat(c.cookie().timestampMs()).isEqualTo(1_700_000_000_123L);
        assertThat(c.cookie().difficulty()).isEqualTo(20);
        assertThat(c.cookie().serverNonce()).isEqualTo(serverNonce);
        assertThat(c.cookie().mac()).isEqualTo(mac);
    }

    @Test
    @DisplayName("[CH-POW-1] a LoginRequest has the spec's layout with pow_solution last")
    void loginRequest() {
        byte[] nonce = new byte[32];
        byte[] wrapped = new byte[384];
        random.nextBytes(nonce);
        random.nextBytes(wrapped);
        CookieFields cookie = new CookieFields(3, 77L, 20, new byte[32], new byte[32]);
        byte[] m = ChatTesterCodec.loginRequest(1, 1, nonce, cookie, "Bob".getBytes(), wrapped,
                HexFormat.of().parseHex("0102030405060708"));
        assertThat(m).hasSize(3 + 32 + 74 + 1 + 3 + 2 + 384 + 8);
        assertThat(m[0]).isEqualTo((byte) 3);
        assertThat(Arrays.copyOfRange(m, 3, 35)).isEqualTo(nonce);
        assertThat(m[35]).isEqualTo((byte) 3); // key_id
        assertThat(m[35 + 74]).isEqualTo((byte) 3); // len_username
        assertThat(new String(Arrays.copyOfRange(m, 110, 113))).isEqualTo("Bob");
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(m, 113, 115))).isEqualTo("0180");
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(m, m.length - 8, m.length))).isEqualTo("0102030405060708");
    }

    @Test
    @DisplayName("[CH-SEQ-2] a SessionRecord is 0x10, seq, sealed; its body reads back")
    void sessionRecordAndBody() {
        byte[] body = ChatTesterCodec.body(ChatTesterCodec.LOOKUP_REQUEST, 0xabcdef01L, ChatTesterCodec.usernameFields("Eve"));
        assertThat(HexFormat.of().formatHex(body)).isEqualTo("03" + "abcdef01" + "03" + "457665");
        ChatTesterCodec.Body read = ChatTesterCodec.readBody(body);
        assertThat(read.bodyType()).isEqualTo(3);
        assertThat(read.requestId()).isEqualTo(0xabcdef01L);
        byte[] record = ChatTesterCodec.sessionRecord(258, new byte[] {9, 9});
        assertThat(HexFormat.of().formatHex(record)).isEqualTo("10" + "0000000000000102" + "0909");
        assertThat(ChatTesterCodec.recordSeq(record)).isEqualTo(258);
    }

    @Test
    @DisplayName("[CH-REQ-2] [CH-REQ-3] list and look-up responses read as the spec lays them out")
    void listAndLookup() {
        byte[] list = HexFormat.of().parseHex("0002" + "05416c696365" + "03426f62");
        assertThat(ChatTesterCodec.readList(list)).containsExactly("Alice", "Bob");
        byte[] offline = HexFormat.of().parseHex("01" + "03426f62");
        assertThat(ChatTesterCodec.readLookup(offline).status()).isEqualTo(1);
        byte[] online = HexFormat.of().parseHex("00" + "03426f62" + "0002" + "abcd" + "04" + "7f000001" + "1f90" + "0007");
        ChatTesterCodec.Lookup l = ChatTesterCodec.readLookup(online);
        assertThat(l.publicKey()).containsExactly(0xab, 0xcd);
        assertThat(l.udpPort()).isEqualTo(8080);
        assertThat(l.transportPort()).isEqualTo(7);
    }

    @Test
    @DisplayName("[CH-VER-1] an Error reads its version, suite and code")
    void error() {
        ChatTesterCodec.ErrorFields e = ChatTesterCodec.readError(HexFormat.of().parseHex("7f01010003"));
        assertThat(e.code()).isEqualTo(3);
        assertThat(ChatCodes.name(e.code())).isEqualTo("CH_BAD_VERSION");
        assertThat(e.version()).isEqualTo(1);
    }
}
