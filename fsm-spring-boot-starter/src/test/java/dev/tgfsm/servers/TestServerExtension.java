package dev.tgfsm.servers;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves the servers named by {@link RequiresServers} before a test class runs.
 */
class TestServerExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RequiresServers.class)
                .ifPresent(annotation -> {
                    for (TestServer server : annotation.value()) {
                        server.url();
                    }
                });
    }
}
