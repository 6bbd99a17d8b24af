package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RecentUpdateIdsTests {

    @Test
    void anIdIsADuplicateUntilTheRingPassesItOrItIsForgotten() {
        RecentUpdateIds recent = new RecentUpdateIds(3);

        assertThat(recent.add(1)).isTrue();
        assertThat(recent.add(2)).isTrue();
        assertThat(recent.add(1)).isFalse();
        assertThat(recent.add(3)).isTrue();
        assertThat(recent.add(4)).as("the oldest, 1, leaves").isTrue();
        assertThat(recent.add(1)).isTrue();
        assertThat(recent.add(3)).isFalse();

        recent.forget(3);
        assertThat(recent.add(3)).as("forgotten, so new again").isTrue();
        assertThat(recent.add(3)).isFalse();
    }

    @Test
    void zeroCapacityRemembersNothing() {
        RecentUpdateIds recent = new RecentUpdateIds(0);

        assertThat(recent.add(5)).isTrue();
        assertThat(recent.add(5)).isTrue();
        recent.forget(5);
    }

    @Test
    void agreesWithASimpleModelOverManyAddsAndForgets() {
        Random random = new Random(42);
        for (int capacity : new int[]{1, 2, 7, 64}) {
            RecentUpdateIds recent = new RecentUpdateIds(capacity);
            ArrayDeque<long[]> ring = new ArrayDeque<>();
            Map<Integer, Long> present = new HashMap<>();
            long sequence = 0;
            for (int step = 0; step < 50_000; step++) {
                // ids from a small range, and colliding ones, so that probing and shifting are exercised
                int id = random.nextBoolean() ? random.nextInt(3 * capacity + 3) : random.nextInt(40) * 8192;
                if (random.nextInt(5) == 0) {
                    recent.forget(id);
                    present.remove(id);
                    continue;
                }
                boolean expected = !present.containsKey(id);
                if (expected) {
                    if (ring.size() == capacity) {
                        long[] oldest = ring.poll();
                        present.remove((int) oldest[0], oldest[1]);
                    }
                    ring.add(new long[]{id, ++sequence});
                    present.put(id, sequence);
                }
                assertThat(recent.add(id)).as("step %d, id %d, capacity %d", step, id, capacity).isEqualTo(expected);
            }
        }
    }
}
