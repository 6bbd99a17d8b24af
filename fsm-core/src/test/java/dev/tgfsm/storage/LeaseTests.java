package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class LeaseTests {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void randomTokensAreThirtyTwoHexDigitsAndUniqueAcrossManyThreads() throws InterruptedException {
        int threads = 16;
        int perThread = 20_000;
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    tokens.add(Lease.random(TEN_SECONDS, i).token());
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(tokens).hasSize(threads * perThread).allMatch(token -> token.matches("[0-9a-f]{32}"));
    }

    @Test
    void aRandomLeaseKeepsItsDurationAndTurn() {
        Lease lease = Lease.random(TEN_SECONDS, 42);
        Lease noTurn = Lease.random(TEN_SECONDS);

        assertThat(lease.duration()).isEqualTo(TEN_SECONDS);
        assertThat(lease.turn()).isEqualTo(42);
        assertThat(lease.hasTurn()).isTrue();
        assertThat(noTurn.hasTurn()).isFalse();
        assertThat(noTurn.token()).isNotEqualTo(lease.token());
    }

    @Test
    void aLeaseRejectsABlankTokenAShortDurationAndANegativeTurn() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Lease(" ", TEN_SECONDS))
                .withMessageContaining("blank");
        assertThatIllegalArgumentException().isThrownBy(() -> new Lease("t", Duration.ofNanos(10)))
                .withMessageContaining("at least 1 ms");
        assertThatIllegalArgumentException().isThrownBy(() -> new Lease("t", TEN_SECONDS, -2))
                .withMessageContaining("turn");
    }
}
