package dev.tgfsm.annotation;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextOptions;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.DispatcherOptions;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageSettings;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The few core beans the routing tests need, standing in for the main auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class CoreBeans {

    static final long BOT = 5L;

    @Bean
    CountingFsmStorage storage() {
        return new CountingFsmStorage(new InMemoryFsmStorage(StorageSettings.defaults()));
    }

    @Bean
    FsmContexts contexts(CountingFsmStorage storage) {
        return new FsmContexts(storage, new JacksonFsmCodec(), ContextOptions.defaults().withPreload(List.of(HistoryManager.DEFAULT_DESTINY)), null);
    }

    @Bean(destroyMethod = "close")
    UpdateDispatcher dispatcher(FsmContexts contexts, UpdateHandler handler) {
        return new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, handler,
                DispatcherOptions.defaults().withThreads(4), null);
    }

    @Bean
    Recorder recorder() {
        return new Recorder();
    }
}
