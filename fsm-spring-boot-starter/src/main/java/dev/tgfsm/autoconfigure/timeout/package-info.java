/**
 * Spring Boot auto-configuration of idle timeouts and the restart notice.
 */
@NullMarked
package dev.tgfsm.autoconfigure.timeout;

import org.jspecify.annotations.NullMarked;
