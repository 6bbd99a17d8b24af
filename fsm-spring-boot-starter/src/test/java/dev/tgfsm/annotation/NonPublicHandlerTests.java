package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.testing.Updates;

/**
 * Handler methods of any visibility are routed, as Spring MVC and {@code @EventListener} accept them;
 * on a proxied controller the call goes through the proxy, and a private method there is refused
 * with a message that says what to change.
 */
class NonPublicHandlerTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class);

    @BotController
    static class PackagePrivateController {
        @OnCommand("a")
        String packagePrivate() {
            return "package";
        }

        @OnCommand("b")
        protected String protectedHandler() {
            return "protected";
        }

        @OnCommand("c")
        private String privateHandler() {
            return "private";
        }
    }

    @BotController
    static class ProxiedController {
        @OnCommand("p")
        String proxied() {
            return "through the proxy";
        }
    }

    @BotController
    static class PrivateOnProxy {
        @OnCommand("x")
        private String hidden() {
            return "never";
        }
    }

    private static final AtomicInteger INTERCEPTED = new AtomicInteger();

    private static Object proxied(Object target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> {
            INTERCEPTED.incrementAndGet();
            return invocation.proceed();
        });
        return factory.getProxy();
    }

    @Test
    void packagePrivateProtectedAndPrivateHandlersAnswer() throws Exception {
        TelegramClient client = mock(TelegramClient.class);
        runner.withUserConfiguration(PackagePrivateController.class).withBean(TelegramClient.class, () -> client)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
                    for (String command : new String[]{"/a", "/b", "/c"}) {
                        dispatcher.submit(UPDATES.text(41, command)).get(5, TimeUnit.SECONDS);
                    }
                    ArgumentCaptor<SendMessage> sent = ArgumentCaptor.forClass(SendMessage.class);
                    verify(client, times(3)).execute(sent.capture());
                    assertThat(sent.getAllValues()).extracting(SendMessage::getText)
                            .containsExactly("package", "protected", "private");
                });
    }

    @Test
    void aProxiedControllersHandlerRunsThroughTheProxy() throws Exception {
        TelegramClient client = mock(TelegramClient.class);
        INTERCEPTED.set(0);
        runner.withBean(ProxiedController.class, () -> (ProxiedController) proxied(new ProxiedController()))
                .withBean(TelegramClient.class, () -> client).run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(UpdateDispatcher.class).submit(UPDATES.text(42, "/p")).get(5, TimeUnit.SECONDS);
                    ArgumentCaptor<SendMessage> sent = ArgumentCaptor.forClass(SendMessage.class);
                    verify(client).execute(sent.capture());
                    assertThat(sent.getValue().getText()).isEqualTo("through the proxy");
                    assertThat(INTERCEPTED.get()).as("the proxy's advice ran").isEqualTo(1);
                });
    }

    @Test
    void aPrivateHandlerOnAProxiedControllerIsRefusedWithWhatToChange() {
        runner.withBean(PrivateOnProxy.class, () -> (PrivateOnProxy) proxied(new PrivateOnProxy())).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof FsmConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("PrivateOnProxy.hidden()", "private on a proxied bean",
                    "make it package-private, protected or public");
        });
    }
}
