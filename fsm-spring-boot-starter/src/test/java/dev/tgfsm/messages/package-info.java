/**
 * Tests of the localised texts.
 */
package dev.tgfsm.messages;
