/**
 * Conversations driven from outside an update: {@link Conversations} hands
 * out a {@link Conversation} for any user, whose operations (start, move or
 * cancel a flow, enter or exit a scene, set state and data) take that user's turn and lock; and
 * {@link ChatMigration} moves a group's conversations when it becomes a supergroup.
 */
@NullMarked
package dev.tgfsm.conversation;

import org.jspecify.annotations.NullMarked;
