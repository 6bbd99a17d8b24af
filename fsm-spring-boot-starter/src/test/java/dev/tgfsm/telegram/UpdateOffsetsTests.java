package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link UpdateOffsets}: the offset confirms exactly the updates that are done.
 */
class UpdateOffsetsTests {

    private final UpdateOffsets offsets = new UpdateOffsets();

    @Test
    void beforeAnyUpdateTheOffsetAsksForTelegramsOldest() {
        assertThat(offsets.offset()).isZero();
        assertThat(offsets.inFlight()).isZero();
    }

    @Test
    void theOffsetStaysAtTheLowestUpdateInFlight() {
        offsets.accept(10);
        offsets.accept(11);
        offsets.accept(12);
        assertThat(offsets.offset()).isEqualTo(10);

        offsets.done(11);
        offsets.done(12);
        assertThat(offsets.offset()).as("10 is not done: nothing may be confirmed").isEqualTo(10);

        offsets.done(10);
        assertThat(offsets.offset()).isEqualTo(13);
        assertThat(offsets.inFlight()).isZero();
    }

    @Test
    void theOffsetMovesToTheNextUpdateStillInFlight() {
        for (int id = 5; id <= 9; id++) {
            offsets.accept(id);
        }
        offsets.done(5);
        offsets.done(6);
        offsets.done(8);
        assertThat(offsets.offset()).isEqualTo(7);
        offsets.done(7);
        assertThat(offsets.offset()).isEqualTo(9);
    }

    @Test
    void updatesSentAgainWhileInFlightOrDoneAreNotTakenTwice() {
        assertThat(offsets.accept(20)).isTrue();
        assertThat(offsets.accept(21)).isTrue();
        offsets.done(21);

        assertThat(offsets.accept(20)).as("still in flight").isFalse();
        assertThat(offsets.accept(21)).as("done, not yet confirmed").isFalse();
        assertThat(offsets.accept(19)).as("below the highest id seen").isFalse();
        assertThat(offsets.accept(22)).isTrue();
        assertThat(offsets.offset()).isEqualTo(20);
    }

    @Test
    void gapsInUpdateIdsDoNotHoldTheOffset() {
        offsets.accept(100);
        offsets.accept(140);
        offsets.done(100);
        assertThat(offsets.offset()).isEqualTo(140);
        offsets.done(140);
        assertThat(offsets.offset()).isEqualTo(141);
    }

    @Test
    void anUpdateNeverDoneHoldsTheOffsetForever() {
        offsets.accept(1);
        offsets.accept(2);
        offsets.done(2);
        offsets.done(99);
        assertThat(offsets.offset()).isEqualTo(1);
        assertThat(offsets.inFlight()).isEqualTo(1);
    }

    @Test
    void aPollWaitsForRoomWhileMostOfItsAnswerWouldBeUpdatesSeenBefore() throws Exception {
        assertThat(offsets.awaitRoom(100, 25, Duration.ZERO)).as("nothing seen: room for all").isTrue();
        for (int id = 1; id <= 80; id++) {
            offsets.accept(id);
        }
        assertThat(offsets.awaitRoom(100, 25, Duration.ofMillis(20))).as("80 of 100 would be repeated").isFalse();

        for (int id = 2; id <= 80; id++) {
            offsets.done(id);
        }
        assertThat(offsets.awaitRoom(100, 25, Duration.ZERO)).as("done behind 1: still repeated").isFalse();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return offsets.awaitRoom(100, 25, Duration.ofSeconds(30));
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        offsets.done(1);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).as("the offset moved past them all").isTrue();
        assertThat(offsets.awaitRoom(100, 25, Duration.ZERO)).isTrue();
    }

    /** Update ids have gaps: what an answer repeats is the updates seen from the offset on, not the ids' spread. */
    @Test
    void aGapInTheIdsBehindOneSlowUpdateLeavesRoom() throws Exception {
        offsets.accept(1);
        offsets.accept(501);
        offsets.done(501);
        assertThat(offsets.awaitRoom(100, 25, Duration.ZERO)).as("2 updates would be repeated, not 501").isTrue();
        for (int id = 502; id < 600; id++) {
            offsets.accept(id);
            offsets.done(id);
        }
        assertThat(offsets.awaitRoom(100, 25, Duration.ZERO)).as("100 done behind the slow one").isFalse();
        offsets.done(1);
        assertThat(offsets.awaitRoom(100, 25, Duration.ZERO)).isTrue();
    }

    @Test
    void awaitingTheOffsetReturnsWhenItMovesOrTimesOut() throws Exception {
        offsets.accept(1);
        assertThat(offsets.awaitOffsetAfter(1, Duration.ofMillis(20))).isFalse();

        CompletableFuture<Boolean> moved = CompletableFuture.supplyAsync(() -> {
            try {
                return offsets.awaitOffsetAfter(1, Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        offsets.done(1);
        assertThat(moved.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(offsets.awaitOffsetAfter(1, Duration.ZERO)).isTrue();
    }

    @Test
    void updatesDoneBehindAnOlderOneChangeNothingAPollWaitsForUntilTheOldestIsDone() throws Exception {
        for (int id = 1; id <= 4; id++) {
            offsets.accept(id);
        }
        CompletableFuture<Boolean> room = CompletableFuture.supplyAsync(() -> {
            try {
                return offsets.awaitRoom(4, 3, Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        offsets.done(3);
        offsets.done(2);
        offsets.done(4);
        assertThat(offsets.offset()).isEqualTo(1);
        assertThat(offsets.inFlight()).isEqualTo(1);
        assertThat(offsets.awaitRoom(4, 3, Duration.ZERO)).as("1 to 4 come again until 1 is done").isFalse();
        assertThat(room).isNotDone();

        offsets.done(1);
        assertThat(room.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(offsets.offset()).isEqualTo(5);

        offsets.done(1);
        offsets.done(99);
        assertThat(offsets.offset()).as("done twice, or never taken: nothing changes").isEqualTo(5);
        assertThat(offsets.inFlight()).isZero();
    }
}
