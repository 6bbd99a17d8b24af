/**
 * Spring Boot auto-configuration of idle timeouts and the restart notice.
 */
package dev.tgfsm.autoconfigure.timeout;
