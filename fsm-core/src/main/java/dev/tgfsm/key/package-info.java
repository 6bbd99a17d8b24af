/**
 * Storage keys: the immutable address of one conversation slot, the strategies that derive it from
 * a Telegram update, and its stable string form.
 */
package dev.tgfsm.key;
