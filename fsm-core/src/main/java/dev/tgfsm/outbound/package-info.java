/**
 * Outbound flood control: every Bot API call the library makes (and, through a flood-controlled
 * client, the application's own calls) takes a permit from per-chat, per-group and global buckets kept
 * in shared storage, so that all instances together respect Telegram's limits, and a
 * {@code 429 Too Many Requests} pauses the buckets for its {@code retry_after}.
 */
@NullMarked
package dev.tgfsm.outbound;

import org.jspecify.annotations.NullMarked;
