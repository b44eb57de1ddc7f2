package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TimerQueue} against a plain list: the earliest deadline is always the smallest queued one [TR-LOOP-1]. */
class TimerQueueTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 6583462816195368339L})
    void earliestIsAlwaysTheSmallestQueuedDeadline(long seed) {
        Random random = new Random(seed);
        TimerQueue<Integer> queue = new TimerQueue<>();
        List<TimerQueue.Entry<Integer>> entries = new ArrayList<>();
        long[] model = new long[200];
        for (int i = 0; i < model.length; i++) {
            entries.add(new TimerQueue.Entry<>(i));
            model[i] = Long.MAX_VALUE;
        }
        // Deadlines near Long.MAX_VALUE / 2 and across the sign change, as System.nanoTime() may give them.
        long base = random.nextBoolean() ? Long.MAX_VALUE - 1_000_000 : -500_000;
        for (int step = 0; step < 20_000; step++) {
            int i = random.nextInt(model.length);
            int op = random.nextInt(10);
            if (op == 0) {
                queue.remove(entries.get(i));
                model[i] = Long.MAX_VALUE;
            } else {
                long d = base + random.nextInt(1_000_000);
                queue.schedule(entries.get(i), d);
                model[i] = d;
            }
            long expected = Long.MAX_VALUE;
            int queued = 0;
            for (long m : model) {
                if (m != Long.MAX_VALUE) {
                    queued++;
                    expected = expected == Long.MAX_VALUE || m - expected < 0 ? m : expected;
                }
            }
            assertThat(queue.size()).isEqualTo(queued);
            assertThat(queue.earliestNanos()).isEqualTo(expected);
            if (queued > 0) {
                assertThat(model[queue.peek().owner]).isEqualTo(expected);
            }
        }
    }
}
