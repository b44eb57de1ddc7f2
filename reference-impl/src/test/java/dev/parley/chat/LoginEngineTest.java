package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.Bodies.ListResponse;
import dev.parley.chat.Bodies.LookupResponse;
import dev.parley.chat.Bodies.SessionBody;
import dev.parley.chat.LoginHarness.Conn;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The login and session engines against each other in memory, with a test clock (spec/chat.md §9, §12). */
class LoginEngineTest {
    private final LoginHarness h = new LoginHarness(LoginHarness.testConfig());

    @Test
    @DisplayName("[CH-LOGIN-3] [CH-REQ-2] [CH-REQ-3] two users log in, list each other and look each other up")
    void twoUsersLogInAndListEachOther() {
        Conn alice = h.conn("Alice", "Alice").login();
        Conn bob = h.conn("Bob", "Bob").login();
        assertThat(alice.client.state()).isEqualTo(LoginClientTable.State.ESTABLISHED);
        assertThat(bob.server.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);
        assertThat(alice.welcome.observed()).isEqualTo(new Endpoint(new byte[] {127, 0, 0, 1}, 40001, 4242));
        alice.client.request(Bodies.LIST_REQUEST, null, h.nowMs);
        long id = alice.client.request(Bodies.LOOKUP_REQUEST, "Bob", h.nowMs);
        alice.pump();
        assertThat(alice.responses).hasSize(2);
        assertThat(((ListResponse) alice.responses.get(0)).users()).containsExactly("Alice", "Bob");
        LookupResponse l = (LookupResponse) alice.responses.get(1);
        assertThat(l.requestId()).isEqualTo(id);
        assertThat(l.publicKey()).isEqualTo(LoginHarness.KEYS.get("Bob").getPublic().getEncoded());
        assertThat(l.endpoint()).isEqualTo(new Endpoint(new byte[] {127, 0, 0, 1}, 40002, 4242));
    }

    @Test
    @DisplayName("[CH-ENV-4] [CH-FAKE-1] [CH-FAKE-2] a wrong password and an unknown user end alike, with same-size messages")
    void wrongPasswordAndUnknownUserLookAlike() {
        Conn wrong = h.conn("Alice", "guess").login();
        Conn unknown = h.conn("Mallory", "guess").login();
        assertThat(wrong.ended).isEqualTo(ChatError.WRONG_PASSWORD);
        assertThat(unknown.ended).isEqualTo(ChatError.WRONG_PASSWORD);
        assertThat(wrong.serverSent.stream().map(m -> m.length).toList())
                .isEqualTo(unknown.serverSent.stream().map(m -> m.length).toList());
        assertThat(wrong.serverSent.get(1).length).isEqualTo(3 + 2048 + 16);
        // the same unknown name gets the same fake every time
        Conn again = h.conn("Mallory", "other").login();
        assertThat(again.ended).isEqualTo(ChatError.WRONG_PASSWORD);
        Bodies.EnvelopeBody f1 = h.ctx.fakes.body("Mallory", 65536, 3, 1);
        Bodies.EnvelopeBody f2 = h.ctx.fakes.body("Mallory", 65536, 3, 1);
        assertThat(f1.envelope()).isEqualTo(f2.envelope());
        assertThat(f1.envelope().length).isBetween(12 + 1793 + 16, 12 + 1794 + 16);
    }

    @Test
    @DisplayName("[CH-PIN-2] a client that pinned another key stops at the Challenge with CH_SERVER_KEY_MISMATCH")
    void otherServerKeyIsRefused() {
        Conn c = h.new Conn("Alice", "Alice", LoginHarness.OTHER_SERVER.getPublic().getEncoded(), LoginHarness.ALICE_ADDR)
                .login();
        assertThat(c.ended).isEqualTo(ChatError.SERVER_KEY_MISMATCH);
        assertThat(c.clientSent).hasSize(1); // only the ClientHello: no work, no secret
    }

    @Test
    @DisplayName("[CH-REPLAY-1] a replayed LoginRequest is refused with CH_REPLAYED_COOKIE before any private-key work")
    void replayedLoginRequestIsRefused() {
        Conn first = h.conn("Alice", "Alice").login();
        assertThat(first.client.state()).isEqualTo(LoginClientTable.State.ESTABLISHED);
        long envelopes = h.ctx.stats.envelopes();
        Conn replay = h.conn("Alice", "Alice");
        replay.server.onMessage(first.clientSent.get(1), h.nowMs);
        assertThat(replay.lastServerError()).isEqualTo(ChatError.REPLAYED_COOKIE);
        assertThat(replay.serverClosed).isTrue();
        assertThat(h.ctx.stats.envelopes()).isEqualTo(envelopes);
    }

    @Test
    @DisplayName("[CH-POW-1] [CH-COOKIE-4] [CH-COOKIE-2] wrong work, a stale cookie and another address are refused with their codes")
    void cookieAndWorkChecks() {
        // wrong work: flip the solution until it fails the difficulty
        Conn c = h.conn("Alice", "Alice");
        c.deliverToServer = false;
        c.client.begin(h.nowMs);
        c.server.onMessage(c.toServer.poll(), h.nowMs);
        c.client.onMessage(c.toClient.poll(), h.nowMs);
        byte[] request = c.toServer.poll();
        byte[] bad = request.clone();
        for (int i = 0; ProofOfWork.check(bad, 8); i++) {
            bad[bad.length - 1] = (byte) i;
        }
        Conn w = h.conn("Alice", "Alice");
        w.server.onMessage(bad, h.nowMs);
        assertThat(w.lastServerError()).isEqualTo(ChatError.BAD_POW);
        // another address: the cookie was bound to Alice's
        Conn other = h.new Conn("Alice", "Alice", LoginHarness.SERVER.getPublic().getEncoded(), LoginHarness.BOB_ADDR);
        other.server.onMessage(request, h.nowMs);
        assertThat(other.lastServerError()).isEqualTo(ChatError.BAD_COOKIE);
        // stale: 31 s later
        Conn late = h.conn("Alice", "Alice");
        late.server.onMessage(request, h.nowMs + 31_000);
        assertThat(late.lastServerError()).isEqualTo(ChatError.STALE_COOKIE);
        // tampered cookie
        byte[] tampered = request.clone();
        tampered[3 + 32 + 10] ^= 1;
        Conn t = h.conn("Alice", "Alice");
        t.server.onMessage(tampered, h.nowMs);
        assertThat(t.lastServerError()).isEqualTo(ChatError.BAD_COOKIE);
        assertThat(h.ctx.stats.envelopes()).isZero(); // [CH-COST-1] nothing costly happened
        assertThat(h.ctx.replay.size()).isZero();
    }

    @Test
    @DisplayName("[CH-MSG-3] [CH-VER-1] an unknown version is answered with CH_BAD_VERSION carrying version 1")
    void unknownVersionIsAnswered() throws ChatException {
        Conn c = h.conn("Alice", "Alice");
        byte[] hello = ChatCodec.encode(new ChatMessage.ClientHello(1, 1, new byte[32], 477));
        hello[1] = 2;
        c.server.onMessage(hello, h.nowMs);
        assertThat(c.lastServerError()).isEqualTo(ChatError.BAD_VERSION);
        ChatMessage.Error e = (ChatMessage.Error) ChatCodec.decode(c.serverSent.get(0));
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.suite()).isEqualTo(1);
        Conn s = h.conn("Alice", "Alice");
        hello[1] = 1;
        hello[2] = 2;
        s.server.onMessage(hello, h.nowMs);
        assertThat(s.lastServerError()).isEqualTo(ChatError.BAD_SUITE);
    }

    @Test
    @DisplayName("[CH-SEQ-2] replayed, reordered and tampered session records are dropped and counted; the session goes on")
    void badRecordsAreDropped() {
        Conn alice = h.conn("Alice", "Alice").login();
        alice.deliverToServer = false;
        alice.client.request(Bodies.LIST_REQUEST, null, h.nowMs);
        alice.client.request(Bodies.HEARTBEAT, null, h.nowMs);
        byte[] r1 = alice.toServer.poll();
        byte[] r2 = alice.toServer.poll();
        alice.server.onMessage(r2, h.nowMs); // reordered: seq too high
        assertThat(h.ctx.stats.get(ChatError.BAD_SEQ)).isEqualTo(1);
        byte[] t = r1.clone();
        t[t.length - 1] ^= 1;
        alice.server.onMessage(t, h.nowMs); // tampered
        assertThat(h.ctx.stats.get(ChatError.BAD_RECORD)).isEqualTo(1);
        alice.server.onMessage(r1, h.nowMs);
        alice.server.onMessage(r1, h.nowMs); // replayed
        assertThat(h.ctx.stats.get(ChatError.BAD_SEQ)).isEqualTo(2);
        alice.server.onMessage(r2, h.nowMs);
        alice.pump();
        assertThat(alice.responses).extracting(SessionBody::bodyType)
                .containsExactly(Bodies.LIST_RESPONSE, Bodies.HEARTBEAT_ACK);
        assertThat(alice.server.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);
    }

    @Test
    @DisplayName("[CH-PRES-3] a client that stops heartbeating expires and leaves the list")
    void silentClientExpires() {
        Conn alice = h.conn("Alice", "Alice").login();
        Conn bob = h.conn("Bob", "Bob").login();
        for (int i = 0; i < 4; i++) {
            h.nowMs += 10_000;
            bob.client.onTimer(h.nowMs);
            bob.pump();
            alice.server.onTimer(h.nowMs);
            bob.server.onTimer(h.nowMs);
        }
        assertThat(alice.server.state()).isEqualTo(LoginServerTable.State.CLOSED);
        assertThat(bob.server.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);
        bob.client.request(Bodies.LIST_REQUEST, null, h.nowMs);
        bob.pump();
        assertThat(((ListResponse) bob.responses.get(bob.responses.size() - 1)).users()).containsExactly("Bob");
    }

    @Test
    @DisplayName("[CH-RATE-1] [CH-RATE-2] wrong guesses empty a name's bucket; honest logins give their token back")
    void guessesAreRateLimited() {
        for (int i = 0; i < 12; i++) {
            assertThat(h.conn("Alice", "Alice").login().ended).isNull(); // honest logins never limited
        }
        for (int i = 0; i < 10; i++) {
            assertThat(h.conn("Eve", "x").login().ended).isEqualTo(ChatError.WRONG_PASSWORD);
        }
        Conn limited = h.conn("Eve", "x").login();
        assertThat(limited.ended).isEqualTo(ChatError.RATE_LIMITED);
        h.nowMs += 6_000;
        assertThat(h.conn("Eve", "x").login().ended).isEqualTo(ChatError.WRONG_PASSWORD);
    }

    @Test
    @DisplayName("[CH-MSG-3] [CH-PRES-4] an unexpected message is CH_UNEXPECTED; a second login replaces the first session")
    void unexpectedAndReplaced() {
        Conn c = h.conn("Alice", "Alice");
        c.server.onMessage(ChatCodec.encode(new ChatMessage.SessionRecord(1, new byte[16])), h.nowMs);
        assertThat(c.lastServerError()).isEqualTo(ChatError.UNEXPECTED);
        Conn first = h.conn("Alice", "Alice").login();
        Conn second = h.conn("Alice", "Alice").login();
        first.pump();
        assertThat(first.server.state()).isEqualTo(LoginServerTable.State.CLOSED);
        assertThat(first.responses).extracting(b -> ((Bodies.ErrorResponse) b).code())
                .containsExactly(ChatError.SESSION_REPLACED.value());
        assertThat(second.server.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);
        assertThat(h.ctx.directory().list()).isEqualTo(List.of("Alice"));
    }

    @Test
    @DisplayName("[CH-LOGIN-4] [CH-CLI-1] a login that stalls times out on both ends")
    void stalledLoginTimesOut() {
        Conn c = h.conn("Alice", "Alice");
        c.client.begin(h.nowMs);
        c.server.onMessage(c.toServer.poll(), h.nowMs);
        c.client.onMessage(c.toClient.poll(), h.nowMs);
        c.server.onMessage(c.toServer.poll(), h.nowMs); // the LoginRequest; the EnvelopeResponse is lost
        h.nowMs += 30_000;
        c.server.onTimer(h.nowMs);
        c.client.onTimer(h.nowMs);
        assertThat(c.lastServerError()).isEqualTo(ChatError.TIMEOUT);
        assertThat(c.ended).isEqualTo(ChatError.TIMEOUT);
        assertThat(h.ctx.pendingLogins).isZero();
    }

    @Test
    @DisplayName("[CH-KEX-2] a wrapped secret for another key is rejected implicitly: the client cannot open the answer")
    void implicitRejection() {
        Conn c = h.conn("Alice", "Alice");
        c.deliverToServer = false;
        c.client.begin(h.nowMs);
        c.server.onMessage(c.toServer.poll(), h.nowMs);
        byte[] challenge = c.toClient.poll();
        c.client.onMessage(challenge, h.nowMs);
        byte[] request = c.toServer.poll();
        // corrupt the wrapped secret and redo the work so that only the key exchange is wrong
        byte[] bad = request.clone();
        bad[3 + 32 + 74 + 1 + 5 + 2 + 10] ^= 1;
        ProofOfWork.solve(bad, 8, 0);
        c.server.onMessage(bad, h.nowMs);
        assertThat(h.ctx.stats.get(ChatError.BAD_KEY_EXCHANGE)).isEqualTo(1);
        assertThat(c.serverSent.get(c.serverSent.size() - 1).length).isEqualTo(3 + 2048 + 16); // answered as usual
        c.client.onMessage(c.toClient.poll(), h.nowMs);
        assertThat(c.ended).isEqualTo(ChatError.SERVER_KEY_MISMATCH);
        assertThat(Arrays.equals(bad, request)).isFalse();
    }
}
