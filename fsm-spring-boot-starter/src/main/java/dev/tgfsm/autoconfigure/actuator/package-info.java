/**
 * Spring Boot auto-configuration of the health indicators, metrics, observations and actuator endpoints.
 */
@NullMarked
package dev.tgfsm.autoconfigure.actuator;

import org.jspecify.annotations.NullMarked;
