package dev.tgfsm.annotation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.routing.Route;

/**
 * The command routes of the {@link BotFlow} beans, each starting its flow, checked at start-up: the
 * bean is a {@link Flow}, the flow engine knows it, and no command starts two flows.
 */
final class FlowCommands {

    private FlowCommands() {
    }

    static List<Route> routes(ConfigurableListableBeanFactory beanFactory) {
        List<Route> routes = new ArrayList<>();
        Map<String, String> claimed = new HashMap<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(BotFlow.class)) {
            BotFlow declared = beanFactory.findAnnotationOnBean(name, BotFlow.class);
            Object bean = beanFactory.getBean(name);
            if (declared == null) {
                continue;
            }
            if (!(bean instanceof Flow flow)) {
                throw new FsmConfigurationException("@BotFlow method '" + name + "' returns a "
                        + bean.getClass().getName() + ", not a Flow",
                        "Return the Flow that Flow.builder(...).build() or Wizard.named(...).build() makes.");
            }
            FlowEngine engine = beanFactory.getBeanProvider(FlowEngine.class).getIfAvailable();
            if (engine == null || engine.flows().get(flow.name()) != flow) {
                throw new FsmConfigurationException("@BotFlow method '" + name + "' declares flow '" + flow.name()
                        + "', which the flow engine does not run; known flows: "
                        + (engine == null ? "none (no FlowEngine bean)" : engine.flows().keySet()),
                        "Build your FlowEngine bean with every Flow bean, or drop it and use tgfsm's.");
            }
            for (String command : declared.commands()) {
                String key = command.strip().replaceFirst("^/", "").toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    throw new FsmConfigurationException("@BotFlow method '" + name + "' has an empty command");
                }
                String other = claimed.putIfAbsent(key, flow.name());
                if (other != null) {
                    throw new FsmConfigurationException("/" + key + " starts two flows, '" + other + "' and '"
                            + flow.name() + "' (@BotFlow)", "Give each flow its own command.");
                }
                String flowName = flow.name();
                routes.add(Route.command(key).name("@BotFlow " + name + " /" + key)
                        .handle((update, match) -> engine.start(update, flowName)));
            }
        }
        return routes;
    }
}
