package dev.parley.datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The loop's task queue is bounded, and a loop that dies of an Error says so instead of going deaf. */
class LoopFailureTest {

    private DatagramEndpoint endpoint;

    @AfterEach
    void tearDown() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    @DisplayName("tasks for a busy loop are bounded: one more than MAX_PENDING_TASKS is refused, the rest run")
    void taskQueueIsBounded() throws Exception {
        endpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        endpoint.start();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        endpoint.execute(() -> {
            busy.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < DatagramEndpoint.MAX_PENDING_TASKS; i++) {
            endpoint.execute(ran::incrementAndGet);
        }
        assertThatThrownBy(() -> endpoint.execute(ran::incrementAndGet)).isInstanceOf(RejectedExecutionException.class);
        CompletableFuture<Integer> refused = endpoint.submit(() -> 1);
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RejectedExecutionException.class);

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ran.get() < DatagramEndpoint.MAX_PENDING_TASKS && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ran.get()).isEqualTo(DatagramEndpoint.MAX_PENDING_TASKS);
        assertThat(endpoint.submit(() -> 1).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    @DisplayName("CF-EXIT-2: an Error on the loop reaches the fatal handler, and the loop stops")
    void anErrorOnTheLoopIsFatal() throws Exception {
        endpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        endpoint.onFatal(fatal::complete);
        endpoint.start();
        endpoint.execute(() -> {
            throw new OutOfMemoryError("planted");
        });
        assertThat(fatal.get(10, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class).hasMessage("planted");
        CompletableFuture<Integer> after = endpoint.submit(() -> 1);
        assertThatThrownBy(() -> after.get(500, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    @DisplayName("a RuntimeException in a task is logged and the loop carries on")
    void aRuntimeExceptionIsNotFatal() throws Exception {
        endpoint = DatagramEndpoint.open(DatagramConfig.loopback(), Clock.SYSTEM);
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        endpoint.onFatal(fatal::complete);
        endpoint.start();
        endpoint.execute(() -> {
            throw new IllegalStateException("planted");
        });
        assertThat(endpoint.submit(() -> 2).get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(fatal).isNotDone();
    }
}
