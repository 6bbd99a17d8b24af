/**
 * The garbage-message registry: chat messages tracked with the conversation's record and deleted
 * when its state changes.
 */
package dev.tgfsm.garbage;
