/**
 * Operations support: the storage health indicator and Micrometer metrics.
 */
@NullMarked
package dev.tgfsm.actuator;

import org.jspecify.annotations.NullMarked;
