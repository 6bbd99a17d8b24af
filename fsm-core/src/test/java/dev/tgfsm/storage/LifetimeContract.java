package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.key.StorageKey;

/**
 * Contract of one lifetime per conversation ({@link ConversationLifetime}): a commit that writes
 * one record of a conversation with a time to live moves the expiry of its other expiring records
 * with it, in the same write, unless theirs is less than a step earlier; records kept without one,
 * reserved destinies and other conversations keep theirs. Time is the settings' clock.
 */
public interface LifetimeContract extends StorageContract {

    /** The time to live of the conversation's records in these tests. */
    Duration TTL = Duration.ofSeconds(60);

    private StorageKey main() {
        return StorageKey.of(BOT, 31, 31);
    }

    private StorageKey history() {
        return main().withDestiny("scenes_history");
    }

    /** Writes main, history and flow data with the TTL and preferences without, all at once. */
    private void startConversation() {
        storage().save(WriteBatch.of(
                RecordWrite.put(main(), record("Order:NAME", Map.of()), 0, TTL),
                RecordWrite.put(history(), record(null, Map.of("stack", List.of("Order:START"))), 0, TTL),
                RecordWrite.put(main().withDestiny("flow"), record(null, Map.of("step", 1)), 0, TTL),
                RecordWrite.put(main().withDestiny("prefs"), record(null, Map.of("lang", "de")), 0, null)));
    }

    /** An update that writes only the main record, as most updates do. */
    private void updateMainOnly(String state) {
        FsmRecord current = storage().load(main());
        storage().save(WriteBatch.of(RecordWrite.put(main(), current.withState(state), current.version(), TTL)));
    }

    @Test
    default void historyAndFlowDataLiveAsLongAsTheMainRecordAnUpdateWroteAlone() {
        startConversation();
        clock().advance(Duration.ofSeconds(40));
        updateMainOnly("Order:PHONE");
        clock().advance(Duration.ofSeconds(40));

        assertThat(storage().load(main()).state()).isEqualTo("Order:PHONE");
        assertThat(storage().load(history()).data()).containsEntry("stack", List.of("Order:START"));
        assertThat(storage().load(main().withDestiny("flow")).data()).containsEntry("step", 1);
    }

    @Test
    default void theWholeConversationExpiresTogetherAfterItsLastUpdate() {
        startConversation();
        clock().advance(Duration.ofSeconds(40));
        updateMainOnly("Order:PHONE");
        clock().advance(TTL);

        assertThat(storage().loadAll(List.of(main(), history(), main().withDestiny("flow"))).values())
                .allSatisfy(r -> assertThat(r.exists()).isFalse());
    }

    @Test
    default void anUpdateWithinAStepLeavesTheOthersWhichExpireAtMostAStepBeforeIt() {
        Duration step = Duration.ofMillis(ConversationLifetime.stepMillis(TTL.toMillis()));
        startConversation();
        clock().advance(step.dividedBy(2));
        updateMainOnly("Order:PHONE");
        clock().advance(TTL.minus(step.dividedBy(2)).minusMillis(1));

        assertThat(storage().load(history()).exists()).as("not expired before its own expiry").isTrue();
        clock().advance(Duration.ofMillis(1));
        assertThat(storage().load(history()).exists()).as("not moved by an update within a step").isFalse();
        assertThat(storage().load(main().withDestiny("flow")).exists()).isFalse();
        assertThat(storage().load(main()).state()).as("the record written keeps its whole TTL")
                .isEqualTo("Order:PHONE");
    }

    @Test
    default void anUpdateMoreThanAStepLaterMovesTheOthersToItsExpiry() {
        Duration step = Duration.ofMillis(ConversationLifetime.stepMillis(TTL.toMillis()));
        startConversation();
        clock().advance(step.dividedBy(2));
        updateMainOnly("Order:PHONE");
        clock().advance(step);
        updateMainOnly("Order:ADDRESS");
        clock().advance(TTL.minusMillis(1));

        assertThat(storage().loadAll(List.of(main(), history(), main().withDestiny("flow"))).values())
                .allSatisfy(r -> assertThat(r.exists()).isTrue());
        clock().advance(Duration.ofMillis(1));
        assertThat(storage().loadAll(List.of(main(), history(), main().withDestiny("flow"))).values())
                .allSatisfy(r -> assertThat(r.exists()).isFalse());
    }

    @Test
    default void preferencesKeepTheirOwnLifetime() {
        startConversation();
        clock().advance(Duration.ofSeconds(40));
        updateMainOnly("Order:PHONE");
        clock().advance(Duration.ofDays(30));

        assertThat(storage().load(main()).exists()).isFalse();
        assertThat(storage().load(main().withDestiny("prefs")).data()).containsEntry("lang", "de");
    }

    @Test
    default void otherConversationsAndRateLimitBucketsKeepTheirExpiry() {
        StorageKey otherChat = StorageKey.of(BOT, -500, 31);
        StorageKey bucketAsRecord = main().withDestiny("rl:probe");
        storage().save(WriteBatch.of(RecordWrite.put(otherChat, record("Other", Map.of()), 0, TTL)));
        storage().save(WriteBatch.of(RecordWrite.put(bucketAsRecord, record(null, Map.of()), 0, TTL)));
        startConversation();
        clock().advance(Duration.ofSeconds(40));
        updateMainOnly("Order:PHONE");
        clock().advance(Duration.ofSeconds(40));

        assertThat(storage().load(main()).exists()).isTrue();
        assertThat(storage().load(otherChat).exists()).isFalse();
        assertThat(storage().load(bucketAsRecord).exists()).isFalse();
    }

    @Test
    default void aCommitWithATtlAndADeadlineWritesBoth() {
        startConversation();
        FsmRecord current = storage().load(main());
        storage().save(WriteBatch.of(RecordWrite.put(main(), current.withState("Order:PHONE"), current.version(), TTL))
                .withDeadline(DeadlineChange.schedule(main(), clock().instant().plusSeconds(5))));
        clock().advance(Duration.ofSeconds(40));

        assertThat(deadlines().claimDue(clock().instant(), 10, Duration.ofSeconds(30))).extracting(DueDeadline::key)
                .contains(main());
        assertThat(storage().load(history()).exists()).isTrue();
    }

    @Test
    default void aRecordWrittenLaterWithoutTtlIsNoLongerMovedAlong() {
        startConversation();
        FsmRecord flow = storage().load(main().withDestiny("flow"));
        storage().save(WriteBatch.of(RecordWrite.put(main().withDestiny("flow"), flow, flow.version(), null)));
        clock().advance(Duration.ofSeconds(40));
        updateMainOnly("Order:PHONE");
        clock().advance(Duration.ofDays(30));

        assertThat(storage().load(main().withDestiny("flow")).data()).containsEntry("step", 1);
        assertThat(storage().load(history()).exists()).isFalse();
    }

    @Test
    default void scopesUnderThePrivateChatOutliveAnExpiredConversation() {
        StorageKey user = DataScope.userKey(BOT, 31);
        StorageKey chat = DataScope.chatKey(BOT, 31);
        storage().save(WriteBatch.of(RecordWrite.put(user, record(null, Map.of("lang", "de")), 0, Duration.ofDays(1)),
                RecordWrite.put(chat, record(null, Map.of("pinned", 1)), 0, Duration.ofDays(1))));
        startConversation();
        clock().advance(Duration.ofSeconds(40));
        updateMainOnly("Order:PHONE");
        clock().advance(TTL);

        assertThat(storage().load(main()).exists()).isFalse();
        assertThat(storage().load(user).data()).containsEntry("lang", "de");
        assertThat(storage().load(chat).data()).containsEntry("pinned", 1);
    }

    @Test
    default void aScopeWriteDoesNotProlongTheConversation() {
        startConversation();
        clock().advance(Duration.ofSeconds(40));
        storage().save(WriteBatch.of(RecordWrite.put(DataScope.userKey(BOT, 31), record(null, Map.of("lang", "de")), 0,
                Duration.ofDays(1))));
        clock().advance(Duration.ofSeconds(40));

        assertThat(storage().loadAll(List.of(main(), history())).values())
                .allSatisfy(r -> assertThat(r.exists()).isFalse());
        assertThat(storage().load(DataScope.userKey(BOT, 31)).exists()).isTrue();
    }
}
