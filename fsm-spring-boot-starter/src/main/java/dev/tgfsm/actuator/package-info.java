/**
 * Operations support: the storage health indicator and Micrometer metrics.
 */
package dev.tgfsm.actuator;
