/**
 * Isolation of conversations: per-key ordering inside one process and lease locks across instances.
 */
@NullMarked
package dev.tgfsm.isolation;

import org.jspecify.annotations.NullMarked;
