/**
 * Storage keys: the immutable address of one conversation slot, the strategies that derive it from
 * a Telegram update, and its stable string form.
 */
@NullMarked
package dev.tgfsm.key;

import org.jspecify.annotations.NullMarked;
