/**
 * Isolation of conversations: per-key ordering inside one process and lease locks across instances.
 */
package dev.tgfsm.isolation;
