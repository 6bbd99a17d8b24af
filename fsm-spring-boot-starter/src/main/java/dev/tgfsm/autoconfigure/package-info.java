/**
 * Spring Boot auto-configuration of tgfsm: properties, storage selection, contexts, the update
 * dispatcher and their lifecycles.
 */
package dev.tgfsm.autoconfigure;
