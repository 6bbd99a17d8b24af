/**
 * Spring Boot auto-configuration of tgfsm: properties, storage selection, contexts, the update
 * dispatcher and their lifecycles.
 */
@NullMarked
package dev.tgfsm.autoconfigure;

import org.jspecify.annotations.NullMarked;
