package dev.parley.chat.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.Suite1;
import dev.parley.chat.peer.PeerHarness.Link;
import dev.parley.chat.peer.PeerHarness.User;
import dev.parley.chat.peer.PeerSessionTable.State;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sans-I/O peer session: every check of spec/messaging.md section 8, with its canonical code. */
class PeerSessionTest {
    private final PeerHarness h = new PeerHarness();
    private final User alice = h.user("Alice");
    private final User bob = h.user("Bob");

    private static byte[] error(PeerCode c) {
        return PeerCodec.encodeError(c);
    }

    /** The PeerOpen Alice sends to Bob, captured and not delivered. */
    private byte[] capturedOpen(User to) {
        Link l = h.link(alice, to);
        l.toB = m -> null;
        l.send("captured");
        return l.aSent.get(0);
    }

    /** Delivers {@code m} on a fresh connection accepted by {@code to}; returns what its session sent. */
    private List<byte[]> deliverFresh(User to, byte[] m) {
        Link l = h.link(alice, to);
        l.b.onAccepted(h.nowMs);
        l.b.onMessage(m, h.nowMs);
        h.pump();
        return l.bSent;
    }

    @Test
    @DisplayName("[PM-OPEN-6] [PM-RCPT-1] [PM-RCPT-2] the first message is delivered once and acknowledged; each side does one RSA private operation")
    void firstMessageIsDeliveredAndAcknowledged() {
        Link l = h.link(alice, bob);
        l.send("hello Bob");
        assertThat(bob.delivered).containsExactly("Alice: hello Bob");
        assertThat(l.outcomes).containsExactly("DELIVERED");
        assertThat(l.a.state()).isEqualTo(State.OPEN);
        assertThat(l.b.state()).isEqualTo(State.OPEN);
        assertThat(alice.stats.privateKeyOps()).isEqualTo(1);
        assertThat(bob.stats.privateKeyOps()).isEqualTo(1);
        assertThat(bob.pins.fingerprint("Alice")).contains(Suite1.fingerprint(PeerTestKeys.spki("Alice")));
    }

    @Test
    @DisplayName("[PM-CONN-1] [PM-KS-2] [PM-RCV-4] later messages both ways reuse the session and cost no RSA operation")
    void followUpsCostNoRsa() {
        Link l = h.link(alice, bob);
        l.send("one");
        long a = alice.stats.privateKeyOps() + alice.stats.publicKeyOps();
        long b = bob.stats.privateKeyOps() + bob.stats.publicKeyOps();
        l.send("two");
        l.reply("three");
        assertThat(bob.delivered).containsExactly("Alice: one", "Alice: two");
        assertThat(alice.delivered).containsExactly("Bob: three");
        assertThat(l.outcomes).containsExactly("DELIVERED", "DELIVERED");
        assertThat(l.bOutcomes).containsExactly("DELIVERED");
        assertThat(alice.stats.privateKeyOps() + alice.stats.publicKeyOps()).isEqualTo(a);
        assertThat(bob.stats.privateKeyOps() + bob.stats.publicKeyOps()).isEqualTo(b);
    }

    @Test
    @DisplayName("[PM-OPEN-1] sends made before the PeerOpen's receipt queue and follow in order")
    void sendsQueueUntilTheReceipt() {
        Link l = h.link(alice, bob);
        for (int i = 0; i < 5; i++) {
            l.a.send("m" + i, (o, d) -> l.outcomes.add(o.name()), h.nowMs);
        }
        assertThat(l.aSent).isEmpty();
        h.pump();
        assertThat(bob.delivered).containsExactly("Alice: m0", "Alice: m1", "Alice: m2", "Alice: m3", "Alice: m4");
        assertThat(l.outcomes).containsOnly("DELIVERED").hasSize(5);
    }

    @Test
    @DisplayName("[PM-KS-1] a tampered ciphertext in the first message is PM_BAD_RECORD and nothing is shown")
    void tamperedFirstCiphertext() {
        Link l = h.link(alice, bob);
        l.toB = m -> flip(m, m.length - 1);
        l.send("x");
        assertThat(l.bSent).containsExactly(error(PeerCode.BAD_SIGNATURE));
        // the signature covers the ciphertext, so the tamper fails the signature first [PM-SIG-1]
        assertThat(bob.delivered).isEmpty();
        assertThat(l.outcomes).containsExactly("FAILED PM_BAD_SIGNATURE");
    }

    @Test
    @DisplayName("[PM-KS-1] a follow-up whose ciphertext is tampered is dropped as PM_BAD_RECORD; the session goes on")
    void tamperedFollowUpCiphertext() {
        Link l = h.link(alice, bob);
        l.send("one");
        l.toB = m -> flip(m, m.length - 1);
        l.send("two");
        l.toB = m -> m;
        assertThat(bob.stats.get(PeerCode.BAD_RECORD)).isEqualTo(1);
        assertThat(bob.delivered).containsExactly("Alice: one");
        assertThat(l.b.state()).isEqualTo(State.OPEN);
        l.send("three");
        assertThat(bob.delivered).containsExactly("Alice: one", "Alice: three");
    }

    @Test
    @DisplayName("[PM-SIG-1] [PM-OPEN-5] a tampered header of the first message is PM_BAD_SIGNATURE, with no private-key work")
    void tamperedHeader() {
        Link l = h.link(alice, bob);
        int tsLast = 3 + 1 + 5 + 1 + 3 + 16 + 7; // the last octet of timestamp_ms: still fresh
        l.toB = m -> flip(m, tsLast);
        l.send("x");
        assertThat(l.bSent).containsExactly(error(PeerCode.BAD_SIGNATURE));
        assertThat(bob.delivered).isEmpty();
        assertThat(bob.stats.privateKeyOps()).isZero();
    }

    @Test
    @DisplayName("[PM-SIG-1] a signature stripped and replaced by another key's is PM_BAD_SIGNATURE")
    void strippedAndReplacedSignature() throws Exception {
        Link l = h.link(alice, bob);
        l.toB = m -> {
            PeerWire.Open o;
            try {
                o = (PeerWire.Open) PeerCodec.decode(m, h.config.maxText());
            } catch (PeerException e) {
                throw new AssertionError(e);
            }
            byte[] signed = PeerKeys.signedOpen(o.headerBytes(), o.wrappedKey(), PeerTestKeys.spki("Mallory"),
                    PeerTestKeys.spki("Bob"), o.sealed());
            byte[] sig = Suite1.pssSign(PeerTestKeys.of("Mallory").getPrivate(), signed, h.random);
            return PeerCodec.encodeOpen(o.header(), o.wrappedKey(), sig, o.sealed());
        };
        l.send("x");
        assertThat(l.bSent).containsExactly(error(PeerCode.BAD_SIGNATURE));
        assertThat(bob.delivered).isEmpty();
    }

    @Test
    @DisplayName("[PM-OPEN-4] [PM-OPEN-5] a replayed first message on a new connection is PM_REPLAYED, before any private-key work")
    void replayedFirstMessage() {
        Link l = h.link(alice, bob);
        l.send("once");
        long ops = bob.stats.privateKeyOps();
        assertThat(deliverFresh(bob, l.aSent.get(0))).containsExactly(error(PeerCode.REPLAYED));
        assertThat(bob.delivered).containsExactly("Alice: once");
        assertThat(bob.stats.privateKeyOps()).isEqualTo(ops);
    }

    @Test
    @DisplayName("[PM-SEQ-2] [PM-INV-1] [PM-RCPT-1] a replayed follow-up is dropped as PM_REPLAYED: shown once, acknowledged once")
    void replayedFollowUp() {
        Link l = h.link(alice, bob);
        l.send("one");
        l.send("two");
        int receipts = l.bSent.size();
        l.b.onMessage(l.aSent.get(1), h.nowMs);
        h.pump();
        assertThat(bob.delivered).containsExactly("Alice: one", "Alice: two");
        assertThat(l.bSent).hasSize(receipts);
        assertThat(bob.stats.get(PeerCode.REPLAYED)).isEqualTo(1);
    }

    @Test
    @DisplayName("[PM-OPEN-2] a first message forwarded to someone else is PM_NOT_FOR_ME, with no RSA work")
    void forwardedFirstMessage() {
        User carol = h.user("Carol");
        byte[] toBob = capturedOpen(bob);
        assertThat(deliverFresh(carol, toBob)).containsExactly(error(PeerCode.NOT_FOR_ME));
        assertThat(carol.delivered).isEmpty();
        assertThat(carol.stats.privateKeyOps() + carol.stats.publicKeyOps()).isZero();
    }

    @Test
    @DisplayName("[PM-OPEN-3] a first message with a stale timestamp is PM_STALE")
    void staleFirstMessage() {
        byte[] open = capturedOpen(bob);
        h.nowMs += h.config.freshnessWindowMs() + 1;
        assertThat(deliverFresh(bob, open)).containsExactly(error(PeerCode.STALE));
        assertThat(bob.delivered).isEmpty();
    }

    @Test
    @DisplayName("[PM-RCV-1] check order: a forwarded and stale first message is PM_NOT_FOR_ME")
    void checkOrder() {
        User carol = h.user("Carol");
        byte[] open = capturedOpen(bob);
        h.nowMs += h.config.freshnessWindowMs() + 1;
        assertThat(deliverFresh(carol, open)).containsExactly(error(PeerCode.NOT_FOR_ME));
    }

    @Test
    @DisplayName("[PM-RCV-1] [PM-RCV-2] [PM-SUITE-1] a downgraded suite is PM_BAD_SUITE and ends the attempt")
    void downgradedSuite() {
        Link l = h.link(alice, bob);
        l.toB = m -> {
            byte[] x = m.clone();
            x[2] = 2;
            return x;
        };
        l.send("x");
        assertThat(l.bSent).containsExactly(error(PeerCode.BAD_SUITE));
        assertThat(l.outcomes).containsExactly("FAILED PM_BAD_SUITE");
        assertThat(l.b.state()).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("[PM-RCV-3] a follow-up reflected back to its sender is PM_WRONG_PEER and never shown")
    void reflectedFollowUp() {
        Link l = h.link(alice, bob);
        l.send("one");
        l.send("two");
        l.a.onMessage(l.aSent.get(1), h.nowMs);
        h.pump();
        assertThat(alice.delivered).isEmpty();
        assertThat(alice.stats.get(PeerCode.WRONG_PEER)).isEqualTo(1);
    }

    @Test
    @DisplayName("[PM-PIN-2] [PM-PIN-3] a sender whose key differs from the responder's pin is PM_KEY_CHANGED, with an alarm")
    void responderSeesAChangedKey() {
        bob.pins.replace("Alice", Suite1.fingerprint(PeerTestKeys.spki("Mallory")));
        Link l = h.link(alice, bob);
        l.send("x");
        assertThat(l.bSent).containsExactly(error(PeerCode.KEY_CHANGED));
        assertThat(bob.alarms).containsExactly("Alice " + Suite1.fingerprint(PeerTestKeys.spki("Mallory")) + " -> "
                + Suite1.fingerprint(PeerTestKeys.spki("Alice")));
        assertThat(bob.delivered).isEmpty();
        assertThat(bob.stats.privateKeyOps()).isZero();
    }

    @Test
    @DisplayName("[PM-PIN-3] a sender the responder's server does not know online is PM_UNKNOWN_SENDER")
    void unknownSender() {
        h.directory.remove("Alice");
        h.directory.put("Bob", PeerTestKeys.spki("Bob"));
        Link l = h.link(alice, bob);
        l.send("x");
        assertThat(l.bSent).containsExactly(error(PeerCode.UNKNOWN_SENDER));
        assertThat(bob.delivered).isEmpty();
    }

    @Test
    @DisplayName("[PM-CONN-5] [PM-RCPT-2] [PM-INV-3] a receipt that does not come ends the send FAILED in receipt_timeout and aborts")
    void receiptTimeout() {
        Link l = h.link(alice, bob);
        l.send("one");
        l.toA = m -> null;
        l.send("two");
        assertThat(l.outcomes).containsExactly("DELIVERED");
        h.advance(h.config.receiptTimeoutMs() - 1, l.a);
        assertThat(l.outcomes).containsExactly("DELIVERED");
        h.advance(1, l.a);
        assertThat(l.outcomes).containsExactly("DELIVERED", "FAILED PM_NO_RECEIPT");
        assertThat(l.aAborted).isTrue();
        assertThat(l.a.state()).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("[PM-CONN-3] a connection that does not open ends the send FAILED in connect_timeout")
    void connectTimeout() {
        Link l = h.link(alice, bob);
        l.reachable = false;
        l.send("x");
        h.advance(h.config.connectTimeoutMs() - 1, l.a);
        assertThat(l.outcomes).isEmpty();
        h.advance(1, l.a);
        assertThat(l.outcomes).containsExactly("FAILED PM_CONNECT_FAILED");
        assertThat(l.aAborted).isTrue();
    }

    @Test
    @DisplayName("[PM-CONN-4] a connection without a PeerOpen is closed with PM_TIMEOUT")
    void openTimeout() {
        Link l = h.link(alice, bob);
        l.b.onAccepted(h.nowMs);
        h.advance(h.config.openTimeoutMs(), l.b);
        assertThat(l.bSent).containsExactly(error(PeerCode.TIMEOUT));
        assertThat(l.bClosed).isTrue();
    }

    @Test
    @DisplayName("[PM-REKEY-1] past records_per_secret the sender sends key_update and both switch; every text arrives")
    void rekeying() {
        h.config = PeerConfig.defaults().withRecordsPerSecret(3);
        User a = h.user("Alice");
        User b = h.user("Bob");
        Link l = h.link(a, b);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            l.send("m" + i);
            expected.add("Alice: m" + i);
        }
        assertThat(b.delivered).containsExactlyElementsOf(expected);
        assertThat(l.outcomes).containsOnly("DELIVERED").hasSize(10);
        assertThat(b.stats.get(PeerCode.BAD_RECORD)).isZero();
    }

    @Test
    @DisplayName("[PM-RCV-5] max_bad_records bad messages end the session with PM_BAD_RECORD")
    void tooManyBadRecords() {
        Link l = h.link(alice, bob);
        l.send("one");
        for (int i = 0; i < h.config.maxBadRecords(); i++) {
            l.b.onMessage(new byte[] {0x21, 1, 1}, h.nowMs);
        }
        h.pump();
        assertThat(l.b.state()).isEqualTo(State.CLOSED);
        assertThat(l.bSent.get(l.bSent.size() - 1)).isEqualTo(error(PeerCode.BAD_RECORD));
    }

    @Test
    @DisplayName("[PM-ERR-1] a PeerError fails every waiting send with its code")
    void peerErrorFailsTheSends() {
        Link l = h.link(alice, bob);
        l.toA = m -> m[0] == 0x21 ? error(PeerCode.BUSY) : m;
        l.send("x");
        assertThat(l.outcomes).containsExactly("FAILED PM_BUSY");
    }

    @Test
    @DisplayName("[PM-RCV-6] while waiting for the PeerOpen's receipt, anything else ends the session and fails the send")
    void notTheReceipt() {
        Link l = h.link(alice, bob);
        l.toA = m -> flip(m, m.length - 1);
        l.send("x");
        assertThat(l.outcomes).containsExactly("FAILED PM_BAD_RECORD");
        assertThat(l.a.state()).isEqualTo(State.CLOSED);
        assertThat(l.aSent.get(l.aSent.size() - 1)).isEqualTo(error(PeerCode.BAD_RECORD));
    }

    @Test
    @DisplayName("[PM-EXP-1] an idle session closes after idle_timeout, only once no send waits; the next send opens anew")
    void idleSessionCloses() {
        Link l = h.link(alice, bob);
        l.send("one");
        h.advance(h.config.idleTimeoutMs() - 1, l.a, l.b);
        assertThat(l.a.state()).isEqualTo(State.OPEN);
        h.advance(1, l.a, l.b);
        assertThat(l.a.state()).isEqualTo(State.CLOSED);
        assertThat(l.b.state()).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("[PM-BOUND-1] a session takes at most max_pending waiting sends; a configuration outside a bound is refused")
    void bounds() {
        Link l = h.link(alice, bob);
        l.reachable = false;
        for (int i = 0; i <= h.config.maxPending(); i++) {
            l.a.send("m" + i, (o, d) -> l.outcomes.add(o + " " + d), h.nowMs);
        }
        assertThat(l.outcomes).hasSize(1).allMatch(o -> o.startsWith("FAILED PM_BUSY"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PeerConfig.defaults().withRecordsPerSecret(1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReplayWindow(65))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("[PM-RCV-1] [PM-RCV-5] 10,000 random and mutated messages never throw, never show a text, and the sessions keep working")
    void randomInputNeverBreaksASession() {
        Link l = h.link(alice, bob);
        l.send("one");
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        byte[] valid = l.aSent.get(0);
        for (int i = 0; i < 10_000; i++) {
            byte[] m;
            if (i % 2 == 0) {
                m = new byte[r.nextInt(0, 64)];
                r.nextBytes(m);
                if (m.length > 0) {
                    m[0] = (byte) (0x20 + r.nextInt(0, 2));
                }
            } else {
                m = flip(valid, r.nextInt(0, valid.length));
            }
            PeerSession fresh = h.link(alice, bob).b;
            fresh.onAccepted(h.nowMs);
            fresh.onMessage(m, h.nowMs);
        }
        h.pump();
        assertThat(bob.delivered).containsExactly("Alice: one");
        l.send("two");
        assertThat(bob.delivered).containsExactly("Alice: one", "Alice: two");
    }

    private static byte[] flip(byte[] m, int i) {
        byte[] x = Arrays.copyOf(m, m.length);
        x[i] ^= 1;
        return x;
    }

    @SuppressWarnings("unused")
    private static long seqOf(byte[] m) {
        return ByteBuffer.wrap(m, m.length - 8, 8).getLong();
    }
}
