package dev.tgfsm.conversation;

import java.util.Objects;

import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.pipeline.Phase;
import dev.tgfsm.pipeline.UpdateMiddleware;

/**
 * Runs a {@link ChatMigration} when Telegram reports that a group became a supergroup: on the
 * service message with {@code migrate_to_chat_id} in the old chat, and on the one with
 * {@code migrate_from_chat_id} in the new chat (whichever comes first moves the conversations; the
 * other, or a duplicate, finds nothing left to move). It runs {@linkplain Phase#BEFORE_LOCK before the
 * update takes a lock}, and the service message goes no further: no handler sees it, so none can
 * write a fresh conversation under the old chat id. Every other update passes untouched, and says
 * so beforehand ({@link #passesOn}): the rate limit's check of those still rides in the lock request,
 * so this step costs them no round trip. A migration's service message has its rate-limit check
 * made on its own, before this step, as with any middleware that acts before the lock.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class ChatMigrationMiddleware implements UpdateMiddleware {

    private final ChatMigration migration;

    /**
     * Creates the middleware.
     *
     * @param migration moves the conversations
     */
    public ChatMigrationMiddleware(ChatMigration migration) {
        this.migration = Objects.requireNonNull(migration, "migration must not be null");
    }

    @Override
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        Message message = update.update().getMessage();
        if (message != null && message.getMigrateToChatId() != null) {
            migration.migrate(update.botId(), message.getChatId(), message.getMigrateToChatId());
            return;
        }
        if (message != null && message.getMigrateFromChatId() != null) {
            migration.migrate(update.botId(), message.getMigrateFromChatId(), message.getChatId());
            return;
        }
        next.handle(update);
    }

    /**
     * Answers {@code true} for every update but the two service messages of a migration.
     *
     * @param update the update
     * @return {@code false} for a message with {@code migrate_to_chat_id} or {@code migrate_from_chat_id}
     */
    @Override
    public boolean passesOn(UpdateContext update) {
        Message message = update.update().getMessage();
        return message == null || message.getMigrateToChatId() == null && message.getMigrateFromChatId() == null;
    }

    @Override
    public Phase phase() {
        return Phase.BEFORE_LOCK;
    }
}
