package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ByteRingTest {

    @Test
    @DisplayName("[TR-BOUND-2] a ring starts small, grows keeping its live bytes, and never beyond its bound")
    void growsOnDemandUpToItsBound() {
        int origin = -10; // the live span wraps the 32-bit sequence space
        ByteRing ring = new ByteRing(1 << 20, origin);
        assertThat(ring.capacity()).isEqualTo(ByteRing.INITIAL_CAPACITY);
        byte[] first = TransportEndpointTest.pattern(60_000, 1);
        ring.write(origin + 5_000, first, 0, first.length);

        ring.ensure(origin + 5_000, origin + 5_000 + 300_000);
        byte[] second = TransportEndpointTest.pattern(240_000, 2);
        ring.write(origin + 65_000, second, 0, second.length);

        assertThat(ring.capacity()).isBetween(300_000, 1 << 20);
        byte[] back = new byte[first.length];
        ring.read(origin + 5_000, back, 0, back.length);
        assertThat(back).isEqualTo(first);
        byte[] back2 = new byte[second.length];
        ring.read(origin + 65_000, back2, 0, back2.length);
        assertThat(back2).isEqualTo(second);
        assertThatThrownBy(() -> ring.ensure(origin, origin + (1 << 20) + 1)).isInstanceOf(IllegalStateException.class);
    }
}
