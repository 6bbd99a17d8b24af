/**
 * The conversation context handlers work with: the aiogram-style {@code FsmContext}, the unit of work
 * that loads once and commits once, and write-through contexts for code outside handlers.
 */
package dev.tgfsm.context;
