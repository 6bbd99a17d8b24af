package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Bean;

/**
 * Declares a flow (or wizard) as a bean and the commands that start it: on a method of a
 * {@code @Configuration} class that returns a {@code Flow}, instead of {@code @Bean} plus a
 * {@link BotController} method with {@code @OnCommand} and {@code @After(startFlow = ...)}.
 *
 * <pre>{@code
 * @BotFlow(commands = "order")
 * Flow order() {
 *     return Wizard.named("order")
 *         .step("product", s -> s.prompt("What product?").choices(true, "Widget", "Gadget"))
 *         .done(values -> "Ordered " + values.get("product"))
 *         .build();
 * }
 * }</pre>
 *
 * <p>Each command ({@code /order}, also {@code /order@yourbot}) starts the flow in any state, as
 * {@code FlowEngine.start} does: a flow the conversation was in is left. The method is a
 * {@link Bean @Bean} method (its name is the bean's name) and may take beans as parameters. Checked
 * at start-up, failing it with a message naming the method: the method must return a {@code Flow},
 * the flow engine must know the flow (an application's own {@code FlowEngine} bean built without it
 * does not), and a command may start one flow only and must not also be an {@link OnCommand}
 * handler's command for every state.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Bean
public @interface BotFlow {

    /**
     * The commands that start the flow, without the slash; none to only declare it (start it with
     * {@code @After(startFlow = ...)} or {@code FlowEngine.start}).
     *
     * @return the commands
     */
    String[] commands() default {};
}
