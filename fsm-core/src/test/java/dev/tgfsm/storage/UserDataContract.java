package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.privacy.Erasure;
import dev.tgfsm.privacy.Privacy;
import dev.tgfsm.privacy.UserDataExport;

/**
 * Contract of the user-data capability ({@link PrivacyStorage#userData()}), through
 * {@link Privacy}: export and erase find every record and entry of one user across bots, chats,
 * topics and destiny, the private chat's buckets and counters, the user's scope and the chat scope
 * of the private chat, and nothing of anybody else: a group's chat scope and the bot scope are
 * shared and stay.
 */
public interface UserDataContract extends StorageContract {

    /** The user whose data is exported and erased. */
    long USER = 7;

    /** Another user, whose data must stay. */
    long OTHER = 8;

    private StorageKey privateChat() {
        return StorageKey.of(BOT, USER, USER);
    }

    private StorageKey groupTopic() {
        return new StorageKey(BOT, -100, USER, 3L, null, StorageKey.DEFAULT_DESTINY);
    }

    private StorageKey othersInGroup() {
        return StorageKey.of(BOT, -100, OTHER);
    }

    private StorageKey othersPrivateChat() {
        return StorageKey.of(2, OTHER, OTHER);
    }

    /** Stores the user's and the other user's data: records, history, preferences, counters, buckets, a deadline. */
    private void storeBothUsers() {
        Instant now = clock().instant();
        storage().save(WriteBatch.of(
                RecordWrite.put(privateChat(), new FsmRecord("Order:NAME", Map.of("name", "Ann"),
                        Map.of("garbage", List.of(11, 12)), 0, null, null), 0, Duration.ofHours(1)),
                RecordWrite.put(privateChat().withDestiny("scenes_history"),
                        record(null, Map.of("stack", List.of("Order:START"))), 0, Duration.ofHours(1)),
                RecordWrite.put(privateChat().withDestiny("prefs"), record(null, Map.of("lang", "de")), 0, null)));
        put(groupTopic(), record("Poll:VOTE", Map.of("choice", 2)), 0);
        put(othersInGroup(), record("Poll:VOTE", Map.of("choice", 1)), 0);
        put(othersPrivateChat(), record("Other", Map.of("keep", true)), 0);
        deadlines().scheduleDeadline(privateChat(), now.plusSeconds(60));
        throttles().throttle(privateChat().withDestiny("rl:messages"), now, Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        throttles().throttle(new StorageKey(BOT, 0, 0, null, null, UserMatch.floodDestiny(USER)), now,
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        counters().increment("{" + BOT + ":-100:" + USER + "}:rl:messages:notice", 1, Duration.ofHours(1));
        counters().increment("{" + BOT + ":-100:" + OTHER + "}:rl:messages:notice", 1, Duration.ofHours(1));
    }

    private Privacy privacy(Duration wait) {
        return new Privacy(storage(), clock(), Duration.ofSeconds(30), wait);
    }

    /** What an export found, as text: conversation/destiny for records, the name for entries. */
    private static Set<String> found(UserDataExport export) {
        Set<String> out = export.conversations().stream()
                .flatMap(c -> c.records().keySet().stream().map(d -> c.key().chatId() + "/" + d))
                .collect(Collectors.toSet());
        out.addAll(export.entries().keySet());
        return out;
    }

    @Test
    default void exportHoldsEveryRecordOfTheUserAcrossChatsTopicsAndDestinies() {
        storeBothUsers();
        UserDataExport export = privacy(Duration.ofSeconds(5)).export(USER);

        assertThat(export.conversations()).extracting(UserDataExport.Conversation::key)
                .contains(privateChat(), groupTopic())
                .doesNotContain(othersInGroup(), othersPrivateChat());
        UserDataExport.Conversation mine = export.conversations().stream()
                .filter(c -> c.key().equals(privateChat())).findFirst().orElseThrow();
        assertThat(mine.records()).containsKeys(StorageKey.DEFAULT_DESTINY, "scenes_history", "prefs");
        assertThat(mine.records().get(StorageKey.DEFAULT_DESTINY).state()).isEqualTo("Order:NAME");
        assertThat(mine.records().get(StorageKey.DEFAULT_DESTINY).meta()).containsKey("garbage");
        assertThat(found(export))
                .noneMatch(name -> name.contains(":" + OTHER + "}") || name.startsWith(OTHER + "/"));
    }

    @Test
    default void exportHoldsTheUsersBucketsAndCountersWhereverTheBackendKeepsThem() {
        storeBothUsers();
        Set<String> found = found(privacy(Duration.ofSeconds(5)).export(USER));

        assertThat(found).anyMatch(name -> name.contains("rl:messages") || name.contains("rl%3Amessages"));
        assertThat(found).anyMatch(name -> name.endsWith("{" + BOT + ":-100:" + USER + "}:rl:messages:notice"));
        assertThat(found)
                .anyMatch(name -> name.contains("flood:c:" + USER) || name.contains("flood%3Ac%3A" + USER));
    }

    @Test
    default void rateLimitSubjectsNamedByTextAreTheUsersOnlyWhenNamedSo() {
        Instant now = clock().instant();
        for (long user : new long[]{USER, OTHER}) {
            throttles().throttle(textSubject(user), now, Duration.ofSeconds(1), Duration.ofSeconds(5));
        }
        Privacy unnamed = privacy(Duration.ofSeconds(5));
        assertThat(found(unnamed.export(USER))).as("nothing in the key says whose it is")
                .noneMatch(name -> name.endsWith("export-" + USER));

        Privacy named = privacy(Duration.ofSeconds(5));
        named.setTextSubjects(user -> List.of(textSubject(user)));
        assertThat(found(named.export(USER))).anyMatch(name -> name.endsWith("export-" + USER))
                .noneMatch(name -> name.endsWith("export-" + OTHER));

        named.erase(USER);

        assertThat(found(named.export(USER))).noneMatch(name -> name.endsWith("export-" + USER));
        assertThat(found(named.export(OTHER))).as("another user's subject is kept")
                .anyMatch(name -> name.endsWith("export-" + OTHER));
    }

    /** The bucket of a rate limit "exports" for a subject named by text, as RateLimiter.textBucket keys it. */
    private static StorageKey textSubject(long user) {
        return new StorageKey(BOT, 0, 0, null, null, "rl:exports:export-" + user);
    }

    @Test
    default void exportIsAJsonDocument() {
        storeBothUsers();
        UserDataExport export = privacy(Duration.ofSeconds(5)).export(USER);

        String json = settings().codec().encode(export.toMap());

        assertThat(json).contains("\"userId\":7", "Order:NAME", "\"lang\":\"de\"", "Poll:VOTE", "scenes_history");
        assertThat(settings().codec().decode(json, "export")).containsKeys("conversations", "entries");
    }

    @Test
    default void eraseRemovesEverythingOfTheUserAndNothingOfOthers() {
        storeBothUsers();
        Privacy privacy = privacy(Duration.ofSeconds(5));

        Erasure erasure = privacy.erase(USER);

        assertThat(erasure.conversations()).isGreaterThanOrEqualTo(2);
        assertThat(erasure.records()).isGreaterThanOrEqualTo(4);
        assertThat(erasure.removedAnything()).isTrue();
        assertThat(privacy.export(USER).isEmpty()).isTrue();
        assertThat(storage().load(privateChat().withDestiny("prefs")).exists()).isFalse();
        assertThat(deadlines().claimDue(clock().instant().plusSeconds(3600), 10, Duration.ofSeconds(30)))
                .extracting(DueDeadline::key).doesNotContain(privateChat());
        assertThat(storage().load(othersInGroup()).data()).containsEntry("choice", 1);
        assertThat(storage().load(othersPrivateChat()).state()).isEqualTo("Other");
        assertThat(counters().increment("{" + BOT + ":-100:" + OTHER + "}:rl:messages:notice", 0, null))
                .isEqualTo(1);
        assertThat(counters().increment("{" + BOT + ":-100:" + USER + "}:rl:messages:notice", 0, null)).isZero();
    }

    @Test
    default void eraseIsIdempotent() {
        storeBothUsers();
        Privacy privacy = privacy(Duration.ofSeconds(5));
        privacy.erase(USER);

        Erasure again = privacy.erase(USER);

        assertThat(again).isEqualTo(new Erasure(0, 0, 0));
        assertThat(storage().load(othersInGroup()).exists()).isTrue();
    }

    @Test
    default void eraseWaitsForTheLockOfAnUpdateInFlightAndThenRemovesWhatItCommitted() {
        put(privateChat(), record("Order:NAME", Map.of("name", "Ann")), 0);
        Lease update = Lease.random(Duration.ofSeconds(30));
        assertThat(storage().lockAndLoad(privateChat(), update, List.of(privateChat())).acquired()).isTrue();
        Privacy impatient = privacy(Duration.ZERO);

        assertThatThrownBy(() -> impatient.erase(USER)).isInstanceOf(LockTimeoutException.class);
        assertThat(storage().load(privateChat()).data()).containsEntry("name", "Ann");

        storage().save(WriteBatch.releasing(List.of(RecordWrite.put(privateChat(),
                record("Order:PHONE", Map.of("name", "Ann", "phone", "123")), 1, null)), privateChat(), update));
        Erasure erasure = privacy(Duration.ofSeconds(5)).erase(USER);

        assertThat(erasure.records()).isEqualTo(1);
        assertThat(storage().load(privateChat()).exists()).isFalse();
    }

    @Test
    default void aWriterWithoutTheLockThatCommitsAfterTheEraseIsRefusedByItsVersion() {
        put(privateChat(), record("Order:NAME", Map.of("name", "Ann")), 0);
        FsmRecord loadedByUpdate = storage().load(privateChat());
        privacy(Duration.ofSeconds(5)).erase(USER);

        assertThatThrownBy(() -> put(privateChat(), loadedByUpdate.withState("Order:PHONE"), loadedByUpdate.version()))
                .isInstanceOf(FsmConflictException.class);
        assertThat(storage().load(privateChat()).exists()).isFalse();
    }

    /** Stores the user's scope, the private chat's scope, a group's chat scope and the bot scope. */
    private void storeScopes() {
        put(DataScope.userKey(BOT, USER), record(null, Map.of("lang", "fr")), 0);
        put(DataScope.chatKey(BOT, USER), record(null, Map.of("pinned", "menu")), 0);
        put(DataScope.chatKey(BOT, -100), record(null, Map.of("rules", "be nice")), 0);
        put(DataScope.botKey(BOT), record(null, Map.of("motd", "hello")), 0);
    }

    @Test
    default void exportHoldsTheUsersScopeAndTheChatScopeOfThePrivateChat() {
        storeScopes();
        UserDataExport export = privacy(Duration.ofSeconds(5)).export(USER);

        assertThat(found(export)).contains(USER + "/" + DataScope.USER.destiny(),
                USER + "/" + DataScope.CHAT.destiny());
        assertThat(found(export)).noneMatch(name -> name.startsWith("-100/") || name.startsWith("0/"));
        String json = settings().codec().encode(export.toMap());
        assertThat(json).contains("\"lang\":\"fr\"", "\"pinned\":\"menu\"").doesNotContain("be nice", "motd");
    }

    @Test
    default void eraseRemovesTheUsersScopesAndKeepsTheSharedGroupAndBotScopes() {
        storeScopes();
        Erasure erasure = privacy(Duration.ofSeconds(5)).erase(USER);

        assertThat(erasure.records()).isEqualTo(2);
        assertThat(storage().load(DataScope.userKey(BOT, USER)).exists()).isFalse();
        assertThat(storage().load(DataScope.chatKey(BOT, USER)).exists()).isFalse();
        assertThat(storage().load(DataScope.chatKey(BOT, -100)).data()).containsEntry("rules", "be nice");
        assertThat(storage().load(DataScope.botKey(BOT)).data()).containsEntry("motd", "hello");
    }
}
