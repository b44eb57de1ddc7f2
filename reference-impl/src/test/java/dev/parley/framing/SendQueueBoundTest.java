package dev.parley.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The send-queue bound holds for senders on other threads [FR-SEND-3]: a message is counted against
 * {@code max_queued_bytes} on the caller's thread, before its frame travels to the loop, so frames waiting for a
 * busy loop can never exceed the bound.
 */
class SendQueueBoundTest {

    private static final int MESSAGE_BYTES = 256 * 1024;
    private static final int FRAME_BYTES = MESSAGE_BYTES + FrameCodec.HEADER_LENGTH;
    private static final long MAX_QUEUED_BYTES = 1024 * 1024;

    /** A loop that is busy: tasks wait here until the test runs them. */
    private static final class StalledLoop implements Executor {
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private static final MessageListener IGNORE = new MessageListener() {
        @Override
        public void onMessage(MessageConnection connection, byte[] message) {
        }

        @Override
        public void onClose(MessageConnection connection, String code) {
        }
    };

    @Test
    @DisplayName("[FR-SEND-3] four threads sending to a stalled loop: what waits for it never exceeds max_queued_bytes")
    void sendersOnOtherThreadsCannotBypassTheBound() throws Exception {
        StalledLoop loop = new StalledLoop();
        MessageConnection connection = new MessageConnection(
                new FramingConfig(FrameCodec.DEFAULT_MAX_MESSAGE_BYTES, MAX_QUEUED_BYTES), loop, IGNORE);
        List<CompletableFuture<Void>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 50; i++) {
                    outcomes.add(connection.send(new byte[MESSAGE_BYTES]));
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        // Before the loop has run anything, every send beyond the bound has already been refused.
        List<CompletableFuture<Void>> waiting = outcomes.stream().filter(f -> !f.isDone()).toList();
        long refused = outcomes.stream().filter(f -> codeOf(f).equals("FR_BACKPRESSURE")).count();
        assertThat(outcomes).hasSize(200);
        assertThat((long) waiting.size() * FRAME_BYTES).isLessThanOrEqualTo(MAX_QUEUED_BYTES);
        assertThat(waiting).isNotEmpty();
        assertThat(refused + waiting.size()).isEqualTo(200);
        assertThat(loop.tasks).hasSize(waiting.size());

        // The loop takes exactly what was accepted, refusing none of it.
        loop.runAll();
        assertThat(waiting).allMatch(f -> !f.isDone());
    }

    @Test
    @DisplayName("[FR-SEND-3] a loop whose task queue is full refuses the send with FR_BACKPRESSURE and counts nothing")
    void aFullLoopRefusesWithBackpressure() {
        Executor full = task -> {
            throw new RejectedExecutionException("full");
        };
        MessageConnection connection = new MessageConnection(
                new FramingConfig(FrameCodec.DEFAULT_MAX_MESSAGE_BYTES, MAX_QUEUED_BYTES), full, IGNORE);
        for (int i = 0; i < 10; i++) {
            assertThat(codeOf(connection.send(new byte[MESSAGE_BYTES]))).isEqualTo("FR_BACKPRESSURE");
        }
        // Nothing stays counted: a loop with room accepts a message again.
        StalledLoop loop = new StalledLoop();
        assertThat(new MessageConnection(new FramingConfig(FrameCodec.DEFAULT_MAX_MESSAGE_BYTES, MAX_QUEUED_BYTES), loop,
                IGNORE).send(new byte[MESSAGE_BYTES])).isNotDone();
        assertThat(connection.toString()).contains("queued_bytes=0");
    }

    private static String codeOf(CompletableFuture<Void> future) {
        if (!future.isCompletedExceptionally()) {
            return "";
        }
        try {
            future.get();
            return "";
        } catch (ExecutionException e) {
            return e.getCause() instanceof FramingException f ? f.code() : e.getCause().toString();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
