/**
 * Clean-up of old keyboards: the sample's flow prompts and menus are tracked in the garbage registry
 * and deleted when the conversation moves on.
 */
package dev.tgfsm.sample.cleanup;
