package dev.tgfsm.outbound;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;

/**
 * Which of a bot's buckets a Bot API call takes a permit from, for the {@link OutboundLimiter}: the
 * global bucket, for a message to a chat also the chat's bucket and, for a group or channel, the
 * group's per-minute bucket (deletions and chat actions count only globally); calls without a chat,
 * reads and answers to a user's own action take none. A background call's buckets allow no burst.
 */
final class CallBuckets {

    private static final ClassValue<MethodHandle> CHAT_ID = new ClassValue<>() {
        @Override
        protected @Nullable MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "getChatId", MethodType.methodType(String.class));
            }
            catch (ReflectiveOperationException ex) {
                return null;
            }
        }
    };

    private CallBuckets() {
    }

    /** The buckets a call takes permits from under these limits at the current priority, none when it takes none. */
    static List<Bucket> of(FloodControlConfig limits, PartialBotApiMethod<?> method) {
        boolean free = !limits.enabled() || !takesPermits(method.getMethod()) || chatOf(method) == null;
        return free ? List.of() : buckets(limits, method, OutboundPriority.current());
    }

    /** The buckets a call takes a permit from, with the tolerance of the priority (calls without a chat take none). */
    static List<Bucket> buckets(FloodControlConfig limits, PartialBotApiMethod<?> method, OutboundPriority priority) {
        List<Bucket> buckets = new ArrayList<>(3);
        buckets.add(bucket("g", limits.global(), priority));
        String chat = chatOf(method);
        if (chat != null && countsPerChat(method.getMethod())) {
            buckets.add(bucket("c:" + chat, limits.chat(), priority));
            if (isGroup(chat)) {
                buckets.add(bucket("m:" + chat, limits.group(), priority));
            }
        }
        return buckets;
    }

    /** Whether a chat id names a group or channel (negative, or a public {@code @username}). */
    static boolean isGroup(String chat) {
        return chat.startsWith("-") || chat.startsWith("@");
    }

    private static Bucket bucket(String id, FloodLimit limit, OutboundPriority priority) {
        Duration interval = limit.interval();
        return new Bucket(id, interval, priority == OutboundPriority.BACKGROUND ? interval : limit.tolerance());
    }

    /**
     * Whether a call to a chat takes permits: not a read ({@code get*}, such as {@code getChat} or
     * {@code getChatMember}) and not an answer to a user's own action ({@code answerCallbackQuery},
     * ...). Calls without a chat ({@code getMe}, {@code getFile}, {@code getUpdates}, {@code setWebhook},
     * {@code setMyCommands}, ...) take none either: Telegram's limits are on messages.
     */
    static boolean takesPermits(String method) {
        String name = method.toLowerCase(Locale.ROOT);
        return !name.startsWith("answer") && !name.startsWith("get");
    }

    private static boolean countsPerChat(String method) {
        String name = method.toLowerCase(Locale.ROOT);
        return !name.startsWith("delete") && !name.equals("sendchataction");
    }

    /** The chat a call goes to, or {@code null}. */
    static @Nullable String chatOf(PartialBotApiMethod<?> method) {
        MethodHandle getter = CHAT_ID.get(method.getClass());
        if (getter == null) {
            return null;
        }
        try {
            Object chat = getter.invoke(method);
            return chat == null || chat.toString().isBlank() ? null : chat.toString();
        }
        catch (Throwable ex) {
            return null;
        }
    }
}
