package dev.parley.conformance.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ImpairmentRelay: a seeded, per-direction impairing UDP proxy")
class ImpairmentRelayTest {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration BOUND = Duration.ofSeconds(3);

    @Test
    void forwardsBothWaysUnchangedAndInOrderWithoutImpairment() throws IOException {
        try (UdpPeer target = UdpPeer.echo(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address()).seed(1).start()) {
            for (int i = 0; i < 50; i++) {
                client.send(numbered(i, 32), relay.address());
            }

            List<UdpPeer.Received> replies = client.receiveUntilQuiet(QUIET, 100);

            assertThat(replies).extracting(r -> number(r.data())).containsExactlyElementsOf(range(50));
            assertThat(replies).allSatisfy(r -> assertThat(r.from()).isEqualTo(relay.address()));
            awaitCounts(relay, Direction.FROM_TARGET, c -> c.forwarded() == 50);
            assertThat(relay.counts(Direction.TO_TARGET))
                    .isEqualTo(new RelayCounts(50, 0, 0, 0, 0, 50, 0, 0));
        }
    }

    @Test
    void dropsEverythingAtFullLoss() throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address())
                     .toTarget(Impairment.none().withLoss(1.0)).start()) {
            for (int i = 0; i < 20; i++) {
                client.send(numbered(i, 8), relay.address());
            }

            awaitCounts(relay, Direction.TO_TARGET, c -> c.received() == 20);

            assertThat(target.receive(QUIET)).isEmpty();
            assertThat(relay.counts(Direction.TO_TARGET).lost()).isEqualTo(20);
            assertThat(relay.counts(Direction.TO_TARGET).forwarded()).isZero();
        }
    }

    @Test
    void theSameSeedReplaysTheSameLosses() throws IOException {
        Set<Integer> first = deliveredUnderLoss(42);
        Set<Integer> second = deliveredUnderLoss(42);
        Set<Integer> other = deliveredUnderLoss(43);

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first.size()).isBetween(100, 180);
    }

    @Test
    void configuresEachDirectionSeparately() throws IOException {
        try (UdpPeer target = UdpPeer.echo(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address())
                     .fromTarget(Impairment.none().withLoss(1.0)).start()) {
            for (int i = 0; i < 10; i++) {
                client.send(numbered(i, 8), relay.address());
            }

            awaitCounts(relay, Direction.FROM_TARGET, c -> c.received() == 10);

            assertThat(client.receive(QUIET)).isEmpty();
            assertThat(relay.counts(Direction.TO_TARGET).forwarded()).isEqualTo(10);
            assertThat(relay.counts(Direction.FROM_TARGET).lost()).isEqualTo(10);
        }
    }

    @Test
    void duplicatesEveryDatagramAtFullDuplication() throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address())
                     .toTarget(Impairment.none().withDuplication(1.0)).start()) {
            for (int i = 0; i < 10; i++) {
                client.send(numbered(i, 8), relay.address());
            }

            List<UdpPeer.Received> arrived = target.receiveUntilQuiet(QUIET, 100);

            assertThat(arrived).extracting(r -> number(r.data()))
                    .containsExactlyInAnyOrderElementsOf(concat(range(10), range(10)));
            assertThat(relay.counts(Direction.TO_TARGET).duplicated()).isEqualTo(10);
            assertThat(relay.counts(Direction.TO_TARGET).forwarded()).isEqualTo(20);
        }
    }

    @Test
    void corruptionFlipsExactlyOneBit() throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address()).seed(7)
                     .toTarget(Impairment.none().withCorruption(1.0)).start()) {
            byte[] original = new byte[64];
            for (int i = 0; i < 30; i++) {
                client.send(original, relay.address());
            }

            List<UdpPeer.Received> arrived = target.receiveUntilQuiet(QUIET, 100);

            assertThat(arrived).hasSize(30).allSatisfy(r -> assertThat(bitsDiffering(original, r.data())).isEqualTo(1));
            assertThat(relay.counts(Direction.TO_TARGET).corrupted()).isEqualTo(30);
        }
    }

    @Test
    void reorderingLetsLaterDatagramsOvertakeHeldBackOnes() throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address()).seed(3)
                     .toTarget(Impairment.none().withReordering(0.3, 3, Duration.ofMillis(200))).start()) {
            for (int i = 0; i < 100; i++) {
                client.send(numbered(i, 16), relay.address());
            }

            List<Integer> order = target.receiveUntilQuiet(QUIET, 200).stream().map(r -> number(r.data())).toList();

            assertThat(order).containsExactlyInAnyOrderElementsOf(range(100));
            assertThat(order).isNotEqualTo(range(100));
            RelayCounts counts = relay.counts(Direction.TO_TARGET);
            assertThat(counts.heldBack()).isBetween(10L, 60L);
            assertThat(counts.outOfOrder()).isPositive();
            assertThat(counts.lost()).isZero();
        }
    }

    @Test
    void aHeldDatagramIsOvertakenByAtMostDepthLaterOnes() throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address()).seed(11)
                     .toTarget(Impairment.none().withReordering(0.4, 1, Duration.ofSeconds(5))).start()) {
            for (int i = 0; i < 200; i++) {
                client.send(numbered(i, 16), relay.address());
            }
            client.send(numbered(200, 16), relay.address());

            List<Integer> order = target.receiveUntilQuiet(QUIET, 400).stream().map(r -> number(r.data())).toList();

            assertThat(order).containsAll(range(200));
            int maxOvertakers = 0;
            for (int pos = 0; pos < order.size(); pos++) {
                int overtakers = 0;
                for (int before = 0; before < pos; before++) {
                    overtakers += order.get(before) > order.get(pos) ? 1 : 0;
                }
                maxOvertakers = Math.max(maxOvertakers, overtakers);
            }
            assertThat(maxOvertakers).isEqualTo(1);
        }
    }

    @Test
    void aHeldDatagramWithoutFollowersIsReleasedWhenItsHoldExpires() throws IOException {
        Duration maxHold = Duration.ofMillis(100);
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address())
                     .toTarget(Impairment.none().withReordering(1.0, 3, maxHold)).start()) {
            long sentAt = System.nanoTime();
            client.send(numbered(1, 8), relay.address());

            UdpPeer.Received arrived = target.receive(BOUND).orElseThrow();

            assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isGreaterThanOrEqualTo(maxHold);
            assertThat(number(arrived.data())).isEqualTo(1);
            assertThat(relay.counts(Direction.TO_TARGET).heldBack()).isEqualTo(1);
        }
    }

    @Test
    void delayHoldsEveryDatagramAtLeastTheConfiguredTime() throws IOException {
        Duration delay = Duration.ofMillis(120);
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address())
                     .toTarget(Impairment.none().withDelay(delay, Duration.ofMillis(20))).start()) {
            long sentAt = System.nanoTime();
            client.send(numbered(1, 8), relay.address());

            UdpPeer.Received arrived = target.receive(BOUND).orElseThrow();

            assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isGreaterThanOrEqualTo(delay);
            assertThat(number(arrived.data())).isEqualTo(1);
        }
    }

    @Test
    void countsWhatABoundedQueueTurnsAway() throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address()).maxQueued(10)
                     .toTarget(Impairment.none().withDelay(Duration.ofMillis(300), Duration.ZERO)).start()) {
            for (int i = 0; i < 30; i++) {
                client.send(numbered(i, 8), relay.address());
            }

            List<UdpPeer.Received> arrived = target.receiveUntilQuiet(Duration.ofMillis(600), 100);

            RelayCounts counts = relay.counts(Direction.TO_TARGET);
            assertThat(counts.received()).isEqualTo(30);
            assertThat(counts.forwarded()).isEqualTo(arrived.size()).isLessThanOrEqualTo(10 + 0L);
            assertThat(counts.overflowed()).isEqualTo(30 - counts.forwarded());
        }
    }

    @Test
    void givesEachClientItsOwnSourcePortTowardsTheTarget() throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer alice = new UdpPeer(); UdpPeer bob = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address()).start()) {
            alice.send(numbered(1, 8), relay.address());
            UdpPeer.Received fromAlice = target.receive(BOUND).orElseThrow();
            bob.send(numbered(2, 8), relay.address());
            UdpPeer.Received fromBob = target.receive(BOUND).orElseThrow();

            target.send(numbered(11, 8), fromAlice.from());
            target.send(numbered(12, 8), fromBob.from());

            assertThat(fromAlice.from()).isNotEqualTo(fromBob.from()).isNotEqualTo(relay.address());
            assertThat(number(alice.receive(BOUND).orElseThrow().data())).isEqualTo(11);
            assertThat(number(bob.receive(BOUND).orElseThrow().data())).isEqualTo(12);
        }
    }

    @Test
    void reportsEveryForwardedCopyToItsObserver() throws IOException {
        List<Direction> seen = new CopyOnWriteArrayList<>();
        try (UdpPeer target = UdpPeer.echo(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address())
                     .observer((direction, from, to, datagram) -> seen.add(direction)).start()) {
            client.send(numbered(1, 8), relay.address());

            assertThat(client.receive(BOUND)).isPresent();
            await(() -> seen.size() == 2);
            assertThat(seen).containsExactly(Direction.TO_TARGET, Direction.FROM_TARGET);
        }
    }

    @Test
    void closeStopsTheThreadAndReleasesTheSocketAndMayBeRepeated() throws IOException {
        ImpairmentRelay relay;
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer()) {
            relay = ImpairmentRelay.to(target.address()).start();
            client.send(numbered(1, 8), relay.address());
            assertThat(target.receive(BOUND)).isPresent();

            relay.close();
            relay.close();

            assertThat(relay.isRunning()).isFalse();
            client.send(numbered(2, 8), relay.address());
            assertThat(target.receive(QUIET)).isEmpty();
        }
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> Impairment.none().withLoss(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lossRate");
        assertThatThrownBy(() -> Impairment.none().withCorruption(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Impairment.none().withDelay(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Impairment.none().withDelay(Duration.ofMinutes(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Impairment.none().withReordering(0.1, 0, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reorderDepth");
        assertThatThrownBy(() -> ImpairmentRelay.to(InetSocketAddress.createUnresolved("nowhere", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImpairmentRelay.to(new InetSocketAddress("127.0.0.1", 9)).maxQueued(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<Integer> deliveredUnderLoss(long seed) throws IOException {
        try (UdpPeer target = new UdpPeer(); UdpPeer client = new UdpPeer();
             ImpairmentRelay relay = ImpairmentRelay.to(target.address()).seed(seed)
                     .toTarget(Impairment.none().withLoss(0.3)).start()) {
            for (int i = 0; i < 200; i++) {
                client.send(numbered(i, 8), relay.address());
            }
            awaitCounts(relay, Direction.TO_TARGET, c -> c.received() == 200);
            Set<Integer> delivered = new HashSet<>();
            target.receiveUntilQuiet(QUIET, 400).forEach(r -> delivered.add(number(r.data())));
            assertThat((long) delivered.size()).isEqualTo(relay.counts(Direction.TO_TARGET).forwarded());
            return delivered;
        }
    }

    private static void awaitCounts(ImpairmentRelay relay, Direction direction,
                                    java.util.function.Predicate<RelayCounts> condition) {
        await(() -> condition.test(relay.counts(direction)));
        assertThat(condition.test(relay.counts(direction)))
                .as("relay counts %s: %s", direction, relay.counts(direction)).isTrue();
    }

    /** Polls a condition until it holds or {@link #BOUND} passes; the caller asserts afterwards. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static byte[] numbered(int number, int size) {
        return ByteBuffer.allocate(Math.max(4, size)).putInt(number).array();
    }

    private static int number(byte[] data) {
        return ByteBuffer.wrap(data).getInt();
    }

    private static List<Integer> range(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int bitsDiffering(byte[] a, byte[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xff);
        }
        return bits;
    }
}
