package dev.tgfsm.garbage;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessages;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.outbound.OutboundLimiter;

/**
 * Deletes tracked messages through the Bot API: per chat, in {@code deleteMessages} batches of at
 * most {@value GarbageConfig#MAX_BATCH}; messages past the maximum age are skipped or edited. A
 * message already gone is not an error.
 */
final class MessageDeleter {

    private static final Logger log = LoggerFactory.getLogger(MessageDeleter.class);

    private final TelegramClient client;

    private final GarbageConfig config;

    private final OutboundLimiter limiter;

    MessageDeleter(TelegramClient client, GarbageConfig config, OutboundLimiter limiter) {
        this.client = client;
        this.config = config;
        this.limiter = limiter;
    }

    /**
     * The Bot API calls that clean up messages, for the outbox: {@code deleteMessages} batches per
     * chat, and edits of messages too old to delete when the policy says so.
     */
    List<BotApiMethod<? extends Serializable>> calls(List<TrackedMessage> messages, Instant now) {
        List<BotApiMethod<? extends Serializable>> calls = new ArrayList<>();
        Map<Long, List<Integer>> fresh = new LinkedHashMap<>();
        for (TrackedMessage message : messages) {
            if (!message.sentAt().plus(config.maxAge()).isAfter(now)) {
                if (config.oldMessages() != GarbageConfig.OldMessagePolicy.SKIP) {
                    calls.add(EditMessageText.builder().chatId(message.chatId()).messageId(message.messageId())
                            .text(config.editText()).build());
                }
            }
            else {
                List<Integer> ids = fresh.computeIfAbsent(message.chatId(), c -> new ArrayList<>());
                if (!ids.contains(message.messageId())) {
                    ids.add(message.messageId());
                }
            }
        }
        List<BotApiMethod<? extends Serializable>> deletions = new ArrayList<>();
        for (Map.Entry<Long, List<Integer>> chat : fresh.entrySet()) {
            List<Integer> ids = chat.getValue();
            for (int from = 0; from < ids.size(); from += GarbageConfig.MAX_BATCH) {
                List<Integer> batch = List
                        .copyOf(ids.subList(from, Math.min(ids.size(), from + GarbageConfig.MAX_BATCH)));
                deletions.add(DeleteMessages.builder().chatId(chat.getKey()).messageIds(batch).build());
            }
        }
        deletions.addAll(calls);
        return deletions;
    }

    CleanupResult delete(List<TrackedMessage> messages, Instant now) {
        Map<Long, List<Integer>> fresh = new LinkedHashMap<>();
        List<TrackedMessage> old = new ArrayList<>();
        for (TrackedMessage message : messages) {
            if (!message.sentAt().plus(config.maxAge()).isAfter(now)) {
                old.add(message);
            }
            else {
                List<Integer> ids = fresh.computeIfAbsent(message.chatId(), c -> new ArrayList<>());
                if (!ids.contains(message.messageId())) {
                    ids.add(message.messageId());
                }
            }
        }
        CleanupResult result = CleanupResult.NOTHING;
        for (Map.Entry<Long, List<Integer>> chat : fresh.entrySet()) {
            List<Integer> ids = chat.getValue();
            for (int from = 0; from < ids.size(); from += GarbageConfig.MAX_BATCH) {
                List<Integer> batch = List
                        .copyOf(ids.subList(from, Math.min(ids.size(), from + GarbageConfig.MAX_BATCH)));
                boolean ok = call("deleteMessages", chat.getKey(), () -> limiter.execute(client,
                        DeleteMessages.builder().chatId(chat.getKey()).messageIds(batch).build()));
                result = result.plus(new CleanupResult(batch.size(), 0, 0, ok ? 0 : 1));
            }
        }
        for (TrackedMessage message : old) {
            if (config.oldMessages() == GarbageConfig.OldMessagePolicy.SKIP) {
                result = result.plus(new CleanupResult(0, 0, 1, 0));
                continue;
            }
            boolean ok = call("editMessageText", message.chatId(),
                    () -> limiter.execute(client, EditMessageText.builder()
                            .chatId(message.chatId()).messageId(message.messageId()).text(config.editText()).build()));
            result = result.plus(new CleanupResult(0, 1, 0, ok ? 0 : 1));
        }
        return result;
    }

    private interface Call {
        void run() throws TelegramApiException;
    }

    private boolean call(String method, long chatId, Call call) {
        try {
            call.run();
            return true;
        }
        catch (TelegramApiException | RuntimeException ex) {
            if (isGone(ex)) {
                log.debug("{} in chat {}: already gone ({})", method, chatId, ex.getMessage());
                return true;
            }
            log.warn("{} in chat {} failed: {}", method, chatId, ex.toString());
            return false;
        }
    }

    /** Telegram's answers for messages that no longer exist or cannot change any more. */
    static boolean isGone(Exception ex) {
        String text = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        if (ex instanceof TelegramApiRequestException request
                && request.getApiResponse() != null) {
            text = text + " " + request.getApiResponse().toLowerCase(Locale.ROOT);
        }
        return text.contains("not found") || text.contains("message is not modified")
                || text.contains("message can't be deleted") || text.contains("message can't be edited")
                || text.contains("there is no text in the message");
    }
}
