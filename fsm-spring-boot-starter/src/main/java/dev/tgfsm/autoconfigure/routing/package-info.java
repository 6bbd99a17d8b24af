/**
 * Spring Boot auto-configuration of annotation routing ({@code @BotController}) and the update scope.
 */
@NullMarked
package dev.tgfsm.autoconfigure.routing;

import org.jspecify.annotations.NullMarked;
