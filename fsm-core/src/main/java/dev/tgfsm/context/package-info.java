/**
 * The conversation context handlers work with: the aiogram-style {@code FsmContext}, the unit of work
 * that loads once and commits once, and write-through contexts for code outside handlers.
 */
@NullMarked
package dev.tgfsm.context;

import org.jspecify.annotations.NullMarked;
