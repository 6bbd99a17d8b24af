/**
 * Feature namespaces: each feature keeps its data under its own key of the conversation data.
 */
package dev.tgfsm.feature;
