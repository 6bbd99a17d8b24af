package dev.tgfsm.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * The defaults of {@link FsmBotTest}: a property source placed right below the test's own inlined
 * properties, so it wins over {@code application.yml} and the environment but not over the test.
 */
final class FsmBotTestProperties implements ContextCustomizerFactory, ContextCustomizer {

    /** The name of the property source. */
    static final String SOURCE_NAME = "fsmBotTest";

    /** The defaults, as documented on {@link FsmBotTest}. */
    static final Map<String, Object> DEFAULTS = Map.of(
            "tgfsm.storage.type", "memory",
            "tgfsm.bot.token", "",
            "tgfsm.bot.flood.enabled", "false");

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return this;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        MapPropertySource defaults = new MapPropertySource(SOURCE_NAME, DEFAULTS);
        String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
        if (sources.contains(inlined)) {
            sources.addAfter(inlined, defaults);
        }
        else {
            sources.addFirst(defaults);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FsmBotTestProperties;
    }

    @Override
    public int hashCode() {
        return FsmBotTestProperties.class.hashCode();
    }
}
