package dev.tgfsm.annotation;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.OutboxSender;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The few core beans the routing tests need, standing in for the main auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class CoreBeans {

    static final long BOT = 5L;

    @Bean
    CountingFsmStorage storage() {
        return new CountingFsmStorage(new InMemoryFsmStorage(StorageConfig.ofDefaults()));
    }

    @Bean
    FsmContexts contexts(CountingFsmStorage storage, ObjectProvider<TelegramClient> client) {
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(HistoryManager.DEFAULT_DESTINY)), null,
                new OutboxRelay(new OutboxSender(client::getIfAvailable, OutboxConfig.ofDefaults()),
                        Clock.systemUTC()));
    }

    @Bean(destroyMethod = "close")
    UpdateDispatcher dispatcher(FsmContexts contexts, UpdateHandler handler) {
        return new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, handler,
                DispatcherConfig.ofDefaults().withThreads(4), null);
    }

    @Bean
    Recorder recorder() {
        return new Recorder();
    }
}
