package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.Bodies.ListResponse;
import dev.parley.chat.LoginHarness.Conn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server's limits (spec/chat.md §7.2, §8.5, §9.2, §12.2), each driven to its bound with a test clock: ClientHellos
 * per connection, records per traffic secret on the receiving side, a full directory, and the adaptive difficulty.
 */
class ServerLimitsTest {

    @Test
    @DisplayName("[CH-HELLO-4] four ClientHellos on one connection are answered; the fifth ends it with CH_UNEXPECTED")
    void fifthHelloEndsTheConnection() {
        LoginHarness h = new LoginHarness(LoginHarness.testConfig());
        Conn c = h.conn("Alice", "Alice");
        byte[] hello = ChatCodec.encode(new ChatMessage.ClientHello(1, 1, new byte[32], ChatCodec.HELLO_LENGTH - 35));
        for (int i = 1; i <= 4; i++) {
            c.server.onMessage(hello, h.nowMs);
            assertThat(c.serverSent).as("Challenge %d", i).hasSize(i);
            assertThat((int) c.serverSent.get(i - 1)[0]).isEqualTo((int) ChatMessage.CHALLENGE);
            assertThat(c.serverClosed).isFalse();
        }
        c.server.onMessage(hello, h.nowMs);
        assertThat(c.serverSent).hasSize(5);
        assertThat(c.lastServerError()).isEqualTo(ChatError.UNEXPECTED);
        assertThat(c.serverClosed).isTrue();
        assertThat(c.server.state()).isEqualTo(LoginServerTable.State.CLOSED);
    }

    @Test
    @DisplayName("[CH-REKEY-2] a client that seals more records under one secret than the limit allows is ended with CH_REKEY_REQUIRED")
    void receiveSideRekeyLimitIsEnforced() {
        // limit 4 per secret: the Proof (c2s seq 0) and three records fit, the fifth message under the secret does not
        LoginHarness h = new LoginHarness(LoginHarness.testConfig().withRecordsPerSecret(4));
        Conn alice = h.conn("Alice", "Alice").login();
        for (int i = 0; i < 3; i++) {
            alice.client.request(Bodies.HEARTBEAT, null, h.nowMs);
            alice.pump();
        }
        assertThat(alice.responses).extracting(Bodies.SessionBody::bodyType)
                .containsExactly(Bodies.HEARTBEAT_ACK, Bodies.HEARTBEAT_ACK, Bodies.HEARTBEAT_ACK);
        assertThat(alice.server.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);
        assertThat(h.ctx.directory().list()).containsExactly("Alice");

        alice.client.request(Bodies.LIST_REQUEST, null, h.nowMs); // the fifth, without a key_update before it
        alice.pump();
        assertThat(alice.lastServerError()).isEqualTo(ChatError.REKEY_REQUIRED);
        assertThat(alice.serverClosed).isTrue();
        assertThat(alice.server.state()).isEqualTo(LoginServerTable.State.CLOSED);
        assertThat(alice.responses).as("the over-limit record is not answered").hasSize(3);
        assertThat(h.ctx.directory().list()).isEmpty();
        assertThat(h.ctx.stats.get(ChatError.REKEY_REQUIRED)).isEqualTo(1);
    }

    @Test
    @DisplayName("[CH-REKEY-1] [CH-REKEY-2] the server's own sending stays within the limit: it sends a key_update and goes on")
    void serverSendsKeyUpdateBeforeTheLimit() {
        LoginHarness h = new LoginHarness(LoginHarness.testConfig().withRecordsPerSecret(4));
        Conn alice = h.conn("Alice", "Alice").login();
        // s2c: EnvelopeResponse and Welcome are 2 messages, the first response the 3rd; the 4th must be a key_update,
        // after which the client opens the responses only under the next secret
        for (int i = 0; i < 3; i++) {
            alice.client.request(Bodies.HEARTBEAT, null, h.nowMs);
            alice.pump();
        }
        assertThat(alice.responses).as("every response opens, the key_update is not delivered as one")
                .extracting(Bodies.SessionBody::bodyType)
                .containsExactly(Bodies.HEARTBEAT_ACK, Bodies.HEARTBEAT_ACK, Bodies.HEARTBEAT_ACK);
        assertThat(alice.client.state()).isEqualTo(LoginClientTable.State.ESTABLISHED);
    }

    @Test
    @DisplayName("[CH-PRES-6] [CH-PRES-4] a full directory refuses a new user with CH_BUSY but lets an online user replace its session")
    void fullDirectoryRefusesNewUsersButAllowsReplacement() {
        LoginHarness h = new LoginHarness(LoginHarness.testConfig().withMaxSessions(1));
        Conn alice = h.conn("Alice", "Alice").login();
        assertThat(alice.server.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);

        Conn bob = h.conn("Bob", "Bob").login();
        assertThat(bob.lastServerError()).isEqualTo(ChatError.BUSY);
        assertThat(bob.ended).isEqualTo(ChatError.BUSY);
        assertThat(bob.serverClosed).isTrue();
        assertThat(h.ctx.directory().list()).containsExactly("Alice");
        assertThat(h.ctx.pendingLogins).isZero();

        Conn again = h.conn("Alice", "Alice").login(); // the directory is full, but Alice is already in it
        alice.pump();
        assertThat(again.server.state()).isEqualTo(LoginServerTable.State.ESTABLISHED);
        assertThat(alice.server.state()).isEqualTo(LoginServerTable.State.CLOSED);
        assertThat(alice.responses).extracting(b -> ((Bodies.ErrorResponse) b).code())
                .containsExactly(ChatError.SESSION_REPLACED.value());
        again.client.request(Bodies.LIST_REQUEST, null, h.nowMs);
        again.pump();
        assertThat(((ListResponse) again.responses.get(0)).users()).containsExactly("Alice");
    }

    @Test
    @DisplayName("[CH-RATE-2] [CH-PRES-6] a valid Proof refused for a full directory gives its guess token back")
    void busyDirectoryRefundsTheToken() {
        LoginHarness h = new LoginHarness(LoginHarness.testConfig().withMaxSessions(1));
        h.conn("Alice", "Alice").login();
        for (int i = 0; i < 12; i++) { // more than guess_burst (10): never rate-limited, always busy
            assertThat(h.conn("Bob", "Bob").login().ended).as("attempt %d", i).isEqualTo(ChatError.BUSY);
        }
    }

    @Test
    @DisplayName("[CH-POW-6] the difficulty rises by one per step above the budget, up to the maximum, and falls back below half of it")
    void difficultyRisesWithLoadAndFallsBack() {
        long now = 1_000_000L;
        Difficulty d = new Difficulty(20, 23, 1_000, 100, now);
        assertThat(d.current(now)).isEqualTo(20);
        List<Integer> seen = new ArrayList<>();
        for (int step = 0; step < 5; step++) { // 150 verified per second: above the budget of 100
            for (int i = 0; i < 150; i++) {
                d.verified(now + i);
            }
            now += 1_000;
            seen.add(d.current(now));
        }
        assertThat(seen).containsExactly(21, 22, 23, 23, 23); // one per step, capped at the maximum
        seen.clear();
        for (int step = 0; step < 3; step++) { // 75 per second: between half the budget and the budget, it stays
            for (int i = 0; i < 75; i++) {
                d.verified(now + i);
            }
            now += 1_000;
            seen.add(d.current(now));
        }
        assertThat(seen).containsExactly(23, 23, 23);
        seen.clear();
        for (int step = 0; step < 5; step++) { // 10 per second: below half of the budget
            for (int i = 0; i < 10; i++) {
                d.verified(now + i);
            }
            now += 1_000;
            seen.add(d.current(now));
        }
        assertThat(seen).containsExactly(22, 21, 20, 20, 20); // one per step, never below the minimum
    }

    @Test
    @DisplayName("[CH-POW-6] [CH-COOKIE-3] new cookies carry the raised difficulty; an idle server is back at the minimum")
    void cookiesCarryTheRaisedDifficulty() {
        LoginHarness h = new LoginHarness(LoginHarness.testConfig()); // minimum 8, maximum 12
        for (int i = 0; i < 101; i++) {
            h.ctx.difficulty.verified(h.nowMs);
        }
        h.nowMs += 1_000;
        Conn c = h.conn("Alice", "Alice");
        c.server.onMessage(ChatCodec.encode(new ChatMessage.ClientHello(1, 1, new byte[32], ChatCodec.HELLO_LENGTH - 35)),
                h.nowMs);
        assertThat(challengeDifficulty(c.serverSent.get(0))).isEqualTo(9);
        c.toClient.clear(); // that Challenge answered a hello of the test's, not of the client's
        assertThat(c.login().welcome).as("a login at the raised difficulty").isNotNull();
        h.nowMs += 120_000; // long idle
        Conn later = h.conn("Bob", "Bob");
        later.server.onMessage(ChatCodec.encode(new ChatMessage.ClientHello(1, 1, new byte[32], ChatCodec.HELLO_LENGTH - 35)),
                h.nowMs);
        assertThat(challengeDifficulty(later.serverSent.get(0))).isEqualTo(8);
    }

    private static int challengeDifficulty(byte[] challenge) {
        try {
            return ((ChatMessage.Challenge) ChatCodec.decode(challenge)).cookie().difficulty();
        } catch (ChatException e) {
            throw new AssertionError(e);
        }
    }
}
