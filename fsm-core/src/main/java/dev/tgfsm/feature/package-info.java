/**
 * Feature namespaces: each feature keeps its data under its own key of the conversation data.
 */
@NullMarked
package dev.tgfsm.feature;

import org.jspecify.annotations.NullMarked;
