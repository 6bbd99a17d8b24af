package dev.tgfsm.servers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs real servers: before any of its tests runs, each is resolved by
 * {@link TestServer}; a missing server skips the class (or fails it when {@code CI=true}).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TestServerExtension.class)
public @interface RequiresServers {

    /**
     * The servers the tests need.
     *
     * @return the servers
     */
    TestServer[] value();
}
